package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gwkit.gateway.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The text protocol's framing (Workerman's Text): lines in, rtrimmed of \r and \n; payload + \n out. */
class TextFramerTest {

    private static EmbeddedChannel text(int maxPackageSize) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Listener.Protocol.TEXT.initChannel(ch.pipeline(), maxPackageSize);
        return ch;
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static void assertLine(String expected, Object message) {
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), (byte[]) message);
    }

    @Test
    void linesAreSplitJoinedAndRtrimmed() {
        EmbeddedChannel ch = text(64);
        ch.writeInbound(bytes("he"));
        assertNull(ch.readInbound()); // no newline yet
        ch.writeInbound(bytes("llo\r\nsecond\n\nthird\r\r\n"));
        assertLine("hello", ch.readInbound());
        assertLine("second", ch.readInbound());
        assertLine("", ch.readInbound());
        assertLine("third", ch.readInbound()); // every trailing \r goes, as PHP's rtrim($line, "\r\n")
        assertNull(ch.readInbound());
    }

    @Test
    void outboundPayloadsGetANewlineAndRawOnesPassAsTheyAre() {
        EmbeddedChannel ch = text(64);
        ch.writeOutbound(new OutboundMessage("hi".getBytes(StandardCharsets.UTF_8), false, false));
        ch.writeOutbound(new OutboundMessage("raw".getBytes(StandardCharsets.UTF_8), true, false));
        ByteBuf framed = ch.readOutbound();
        ByteBuf raw = ch.readOutbound();
        assertEquals("hi\n", framed.toString(StandardCharsets.UTF_8));
        assertEquals("raw", raw.toString(StandardCharsets.UTF_8));
        framed.release();
        raw.release();
    }

    @Test
    void aLineOverTheLimitFailsThePipeline() {
        EmbeddedChannel ch = text(8);
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(bytes("0123456789abcdef\n")));
        assertFalse(ch.finishAndReleaseAll());
    }
}
