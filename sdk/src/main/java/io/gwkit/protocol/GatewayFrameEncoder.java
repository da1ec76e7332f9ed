package io.gwkit.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link GatewayFrame}s as 28-byte header + ext_data + body. Stateless: share one instance. */
@ChannelHandler.Sharable
public final class GatewayFrameEncoder extends MessageToByteEncoder<GatewayFrame> {

    public static final GatewayFrameEncoder INSTANCE = new GatewayFrameEncoder();

    public GatewayFrameEncoder() {
        super(GatewayFrame.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, GatewayFrame frame, boolean preferDirect) {
        int size = (int) Math.min(Integer.MAX_VALUE, frame.packLength());
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, GatewayFrame frame, ByteBuf out) {
        GatewayFrameCodec.encode(frame, out);
    }
}
