package io.gwkit.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.php.PhpArray;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GatewayReplyCodecTest {

    private static GatewayReply reply(String serialized) {
        return new GatewayReply(serialized.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wireForm() {
        assertEquals("00000004693a313b", ByteBufUtil.hexDump(reply("i:1;").toBytes()));
        assertEquals(reply("a:0:{}"), GatewayReply.decode(reply("a:0:{}").toBytes(), 100));
        assertEquals(1L, GatewayReply.of(1).value());
        assertEquals(new PhpArray(), reply("a:0:{}").value());
    }

    @Test
    void decodeChecksTheLengthPrefix() {
        assertThrows(MalformedFrameException.class, () -> GatewayReply.decode(new byte[3], 100));
        assertThrows(MalformedFrameException.class, () -> GatewayReply.decode(new byte[] {0, 0, 0, 5, 'N', ';'}, 100));
        FrameTooLongException e = assertThrows(FrameTooLongException.class,
                () -> GatewayReply.decode(new byte[] {0, 0, 0, 5, 'i', ':', '1', '2', ';'}, 4));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("4"), e.getMessage());
    }

    @Test
    void decoderHandlesByteByByteInput() {
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayReplyDecoder());
        byte[] wire = GatewayFrameDecoderTest.concat(reply("i:1;").toBytes(), reply("").toBytes(), reply("N;").toBytes());
        for (byte b : wire) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(reply("i:1;"), ch.readInbound());
        assertEquals(reply(""), ch.readInbound());
        assertEquals(reply("N;"), ch.readInbound());
        assertNull(ch.readInbound());
    }

    @Test
    void decoderRefusesAnOverlongReplyBeforeBufferingIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayReplyDecoder(10));
        assertThrows(FrameTooLongException.class, () -> ch.writeInbound(Unpooled.buffer().writeInt(11)));
        assertFalse(ch.isOpen());
        assertNull(ch.readInbound());
    }

    @Test
    void repliesBeforeAnOverlongOneAreDelivered() {
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayReplyDecoder(10));
        ByteBuf input = Unpooled.wrappedBuffer(reply("i:1;").toBytes(), reply("s:5:\"hello\";").toBytes(),
                reply("N;").toBytes());
        assertThrows(FrameTooLongException.class, () -> ch.writeInbound(input));
        assertEquals(reply("i:1;"), ch.readInbound());
        assertNull(ch.readInbound());
    }

    @Test
    void decoderTakesLengthsAsUnsigned() {
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayReplyDecoder());
        assertThrows(FrameTooLongException.class, () -> ch.writeInbound(Unpooled.buffer().writeInt(0xFFFFFFFF)));
    }

    @Test
    void encoder() {
        EmbeddedChannel ch = new EmbeddedChannel(GatewayReplyEncoder.INSTANCE);
        ch.writeOutbound(reply("b:1;"));
        ByteBuf out = ch.readOutbound();
        assertArrayEquals(reply("b:1;").toBytes(), ByteBufUtil.getBytes(out));
        out.release();
    }
}
