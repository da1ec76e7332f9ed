package io.gwkit.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link GatewayReply}s as {@code u32 length} + serialized bytes. Stateless: share one instance. */
@ChannelHandler.Sharable
public final class GatewayReplyEncoder extends MessageToByteEncoder<GatewayReply> {

    public static final GatewayReplyEncoder INSTANCE = new GatewayReplyEncoder();

    public GatewayReplyEncoder() {
        super(GatewayReply.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, GatewayReply reply, boolean preferDirect) {
        int size = 4 + reply.serialized().length;
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, GatewayReply reply, ByteBuf out) {
        reply.writeTo(out);
    }
}
