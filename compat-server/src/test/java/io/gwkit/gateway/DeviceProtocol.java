package io.gwkit.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * A length-prefixed binary device protocol for the {@link ClientProtocol} tests: u16 big-endian payload length, then
 * the payload. A frame whose first payload byte is 0xEE makes the framer throw (a framer bug, for the tests).
 */
public final class DeviceProtocol implements ClientProtocol {

    @Override
    public String scheme() {
        return "device";
    }

    @Override
    public void initChannel(ChannelPipeline p, int maxPackageSize) {
        p.addLast("device-frames", new LengthFieldBasedFrameDecoder(Math.min(maxPackageSize, 0xFFFF) + 2, 0, 2, 0, 2) {
            @Override
            protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
                ByteBuf frame = (ByteBuf) super.decode(ctx, in);
                if (frame != null && frame.isReadable() && frame.getUnsignedByte(frame.readerIndex()) == 0xEE) {
                    frame.release();
                    throw new IllegalStateException("framer bug");
                }
                return frame;
            }
        });
        p.addLast("device-encoder", new MessageToByteEncoder<byte[]>() {
            @Override
            protected void encode(ChannelHandlerContext ctx, byte[] msg, ByteBuf out) {
                out.writeShort(msg.length).writeBytes(msg);
            }
        });
    }

    public static byte[] frame(byte... payload) {
        byte[] f = new byte[payload.length + 2];
        f[0] = (byte) (payload.length >>> 8);
        f[1] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 2, payload.length);
        return f;
    }
}
