package io.gwkit.gateway.internal;

import io.gwkit.protocol.GatewayFrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the inner link into {@link io.gwkit.protocol.GatewayFrame}s. pack_len is checked (against the
 * header length and the limit) as soon as its 4 bytes arrive, so a lying length closes the connection
 * before anything is buffered.
 */
final class InnerFrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameLength;

    InnerFrameDecoder(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        long packLen = in.getUnsignedInt(in.readerIndex());
        GatewayFrameCodec.checkPackLength(packLen, maxFrameLength);
        if (in.readableBytes() < packLen) {
            return;
        }
        out.add(GatewayFrameCodec.decode(in.readSlice((int) packLen), maxFrameLength));
    }
}
