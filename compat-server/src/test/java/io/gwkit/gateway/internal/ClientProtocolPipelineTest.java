package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gwkit.gateway.DeviceProtocol;
import io.gwkit.gateway.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The client protocol SPI in an EmbeddedChannel: a custom protocol's handlers plus the gateway's adapter. */
class ClientProtocolPipelineTest {

    private final EmbeddedChannel ch = new EmbeddedChannel();

    ClientProtocolPipelineTest() {
        new DeviceProtocol().initChannel(ch.pipeline(), 16);
        ch.pipeline().addLast(ClientInitializers.Messages.INSTANCE);
    }

    private byte[] outbound() {
        ByteBuf out = ch.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @Test
    void inboundFramesBecomeByteArraysSplitOrJoined() {
        byte[] a = DeviceProtocol.frame("ab".getBytes(StandardCharsets.UTF_8));
        byte[] b = DeviceProtocol.frame("cde".getBytes(StandardCharsets.UTF_8));
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        ch.writeInbound(Unpooled.wrappedBuffer(both, 0, 6));
        assertArrayEquals("ab".getBytes(StandardCharsets.UTF_8), (byte[]) ch.readInbound());
        assertNull(ch.readInbound());
        ch.writeInbound(Unpooled.wrappedBuffer(both, 6, both.length - 6));
        assertArrayEquals("cde".getBytes(StandardCharsets.UTF_8), (byte[]) ch.readInbound());
    }

    @Test
    void outboundMessagesAreFramedByTheProtocolAndRawOnesPassAsTheyAre() {
        ch.writeOutbound(new OutboundMessage("hi".getBytes(StandardCharsets.UTF_8), false, false));
        assertArrayEquals(new byte[] {0, 2, 'h', 'i'}, outbound());
        ch.writeOutbound(new OutboundMessage(new byte[] {1, 2, 3}, true, false));
        assertArrayEquals(new byte[] {1, 2, 3}, outbound());
    }

    @Test
    void anOversizedFrameOrAThrowingFramerFailsThePipeline() {
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(
                DeviceProtocol.frame(new byte[17]))));
        EmbeddedChannel other = new EmbeddedChannel();
        new DeviceProtocol().initChannel(other.pipeline(), 16);
        assertThrows(DecoderException.class, () -> other.writeInbound(Unpooled.wrappedBuffer(
                DeviceProtocol.frame((byte) 0xEE))));
    }

    @Test
    void theBuiltInProtocolsInstallThroughTheSameMethod() {
        EmbeddedChannel frame = new EmbeddedChannel();
        Listener.Protocol.FRAME.initChannel(frame.pipeline(), 64);
        frame.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 6, 'o', 'k'}));
        assertArrayEquals("ok".getBytes(StandardCharsets.UTF_8), (byte[]) frame.readInbound());
        frame.writeOutbound(new OutboundMessage("ok".getBytes(StandardCharsets.UTF_8), false, false));
        ByteBuf out = frame.readOutbound();
        assertArrayEquals(new byte[] {0, 0, 0, 6, 'o', 'k'}, ByteBufUtil.getBytes(out));
        out.release();
    }
}
