package io.gwkit.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GatewayFrameDecoderTest {

    private static final GatewayFrame A = GatewayFrame.request(Command.SEND_TO_ONE, 7, GatewayFrame.FLAG_SCALAR,
            null, "hello".getBytes(StandardCharsets.UTF_8));
    private static final GatewayFrame B = new GatewayFrame(Command.ON_MESSAGE.code(), 0x7f000001L, 2900, 0x7f000001L,
            40000, 3, 1, 8282, "a:0:{}".getBytes(StandardCharsets.UTF_8), "ping\r".getBytes(StandardCharsets.UTF_8));

    @Test
    void decodesFramesSplitByteByByte() {
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayFrameDecoder());
        byte[] both = concat(GatewayFrameCodec.encode(A), GatewayFrameCodec.encode(B));
        for (byte b : both) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(A, ch.readInbound());
        assertEquals(B, ch.readInbound());
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void decodesSeveralFramesFromOneWrite() {
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayFrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(concat(GatewayFrameCodec.encode(A), GatewayFrameCodec.encode(B),
                GatewayFrameCodec.encode(A))));
        assertEquals(A, ch.readInbound());
        assertEquals(B, ch.readInbound());
        assertEquals(A, ch.readInbound());
        assertNull(ch.readInbound());
    }

    @Test
    void packLenAboveLimitFailsAtOnceAndClosesWithoutBuffering() {
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayFrameDecoder(64));
        ByteBuf header = Unpooled.buffer().writeInt(65);
        FrameTooLongException e = assertThrows(FrameTooLongException.class, () -> ch.writeInbound(header));
        assertTrue(e.getMessage().contains("65") && e.getMessage().contains("64"), e.getMessage());
        assertFalse(ch.isOpen());
        assertEquals(0, header.refCnt());
    }

    @Test
    void packLenBelowHeaderLength() {
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayFrameDecoder());
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> ch.writeInbound(Unpooled.buffer().writeInt(27).writeZero(30)));
        assertTrue(e.getMessage().contains("27") && e.getMessage().contains("28"), e.getMessage());
        assertFalse(ch.isOpen());
    }

    @Test
    void extLenPastTheEndOfTheFrame() {
        byte[] frame = GatewayFrameCodec.encode(B);
        frame[27] = (byte) (frame.length); // ext_len > pack_len - 28
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayFrameDecoder());
        assertThrows(MalformedFrameException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(frame)));
        assertFalse(ch.isOpen());
    }

    @Test
    void framesBeforeAnErrorAreDeliveredAndNothingAfterIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayFrameDecoder(1024));
        ByteBuf input = Unpooled.wrappedBuffer(GatewayFrameCodec.encode(A), new byte[] {0, 0, 0, 5},
                GatewayFrameCodec.encode(B));
        assertThrows(MalformedFrameException.class, () -> ch.writeInbound(input));
        assertEquals(A, ch.readInbound());
        assertNull(ch.readInbound());
        assertFalse(ch.isOpen());
    }

    @Test
    void partialFrameAtCloseIsDropped() {
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayFrameDecoder());
        byte[] a = GatewayFrameCodec.encode(A);
        ch.writeInbound(Unpooled.wrappedBuffer(a, 0, a.length - 1));
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void frameOfExactlyTheLimitIsAccepted() {
        byte[] a = GatewayFrameCodec.encode(A);
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayFrameDecoder(a.length));
        ch.writeInbound(Unpooled.wrappedBuffer(a));
        assertEquals(A, ch.readInbound());
    }

    @Test
    void encoderWritesTheCodecBytes() {
        EmbeddedChannel ch = new EmbeddedChannel(GatewayFrameEncoder.INSTANCE);
        ch.writeOutbound(B);
        ByteBuf out = ch.readOutbound();
        assertArrayEquals(GatewayFrameCodec.encode(B), ByteBufUtil.getBytes(out));
        out.release();
        assertEquals(GatewayFrame.HEADER_LENGTH, B.packLength() - B.extData().length - B.body().length);
    }

    @Test
    void encoderAndDecoderTogether() {
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayFrameDecoder(), GatewayFrameEncoder.INSTANCE);
        ch.writeOutbound(A, B);
        ByteBuf wire = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            wire.writeBytes(b);
            b.release();
        }
        ch.writeInbound(wire);
        assertEquals(A, ch.readInbound());
        assertEquals(B, ch.readInbound());
    }

    @Test
    void constructorRefusesALimitBelowTheHeader() {
        assertThrows(IllegalArgumentException.class, () -> new GatewayFrameDecoder(27));
    }

    static byte[] concat(byte[]... parts) {
        ByteBuf b = Unpooled.wrappedBuffer(parts);
        return ByteBufUtil.getBytes(b);
    }
}
