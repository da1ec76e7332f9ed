package io.gwkit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RegisterLineCodecTest {

    private static ByteBuf utf8(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void splitsOnNewlineAndStripsTrailingCarriageReturns() {
        EmbeddedChannel ch = new EmbeddedChannel(new RegisterLineDecoder());
        ch.writeInbound(utf8("{\"event\":\"ping\"}\n  spaced  \r\n\ncrs\r\r\nmid\rdle\npartial"));
        assertEquals("{\"event\":\"ping\"}", ch.readInbound());
        assertEquals("  spaced  ", ch.readInbound());
        assertEquals("", ch.readInbound());
        assertEquals("crs", ch.readInbound());
        assertEquals("mid\rdle", ch.readInbound());
        assertNull(ch.readInbound());
        ch.writeInbound(utf8(" line\n"));
        assertEquals("partial line", ch.readInbound());
    }

    @Test
    void byteByByteWithMultibyteCharacters() {
        EmbeddedChannel ch = new EmbeddedChannel(new RegisterLineDecoder());
        byte[] bytes = "张三 😀\r\nnext\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals("张三 😀", ch.readInbound());
        assertEquals("next", ch.readInbound());
        assertNull(ch.readInbound());
    }

    @Test
    void overlongLineWithoutNewlineFailsOnceTheLimitIsPassed() {
        EmbeddedChannel ch = new EmbeddedChannel(new RegisterLineDecoder(10));
        ch.writeInbound(utf8("0123456789"));
        assertTrue(ch.isOpen());
        FrameTooLongException e = assertThrows(FrameTooLongException.class, () -> ch.writeInbound(utf8("x")));
        assertTrue(e.getMessage().contains("10"), e.getMessage());
        assertFalse(ch.isOpen());
        assertNull(ch.readInbound());
    }

    @Test
    void overlongLineArrivingWholeFails() {
        EmbeddedChannel ch = new EmbeddedChannel(new RegisterLineDecoder(10));
        ch.writeInbound(utf8("short\n"));
        FrameTooLongException e = assertThrows(FrameTooLongException.class,
                () -> ch.writeInbound(utf8("01234567890\nnext\n")));
        assertTrue(e.getMessage().contains("11") && e.getMessage().contains("10"), e.getMessage());
        assertEquals("short", ch.readInbound());
        assertNull(ch.readInbound());
        assertFalse(ch.isOpen());
    }

    @Test
    void lineOfExactlyTheLimit() {
        EmbeddedChannel ch = new EmbeddedChannel(new RegisterLineDecoder(10));
        ch.writeInbound(utf8("0123456789\n"));
        assertEquals("0123456789", ch.readInbound());
    }

    @Test
    void invalidUtf8IsMalformed() {
        EmbeddedChannel ch = new EmbeddedChannel(new RegisterLineDecoder());
        assertThrows(MalformedFrameException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'{', (byte) 0xff, '}', '\n'})));
        assertFalse(ch.isOpen());
    }

    @Test
    void encoderWritesMessagesAndStrings() {
        EmbeddedChannel ch = new EmbeddedChannel(RegisterLineEncoder.INSTANCE);
        ch.writeOutbound(new RegisterMessage.WorkerConnect("k"), "raw text");
        ByteBuf a = ch.readOutbound();
        ByteBuf b = ch.readOutbound();
        assertEquals("{\"event\":\"worker_connect\",\"secret_key\":\"k\"}\n", a.toString(StandardCharsets.UTF_8));
        assertEquals("raw text\n", b.toString(StandardCharsets.UTF_8));
        a.release();
        b.release();
    }
}
