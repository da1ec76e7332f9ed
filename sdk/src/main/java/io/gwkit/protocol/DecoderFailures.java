package io.gwkit.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/** What the stream decoders do with a peer that broke the protocol. */
final class DecoderFailures {

    private DecoderFailures() {
    }

    /**
     * Drops the buffered input, hands the typed exception to the rest of the pipeline as is (a thrown
     * exception would arrive wrapped in a DecoderException) and closes the connection: after a lying
     * length the stream has no next frame boundary to resume from.
     */
    static void closeOnError(ChannelHandlerContext ctx, ByteBuf in, ProtocolException e) {
        in.skipBytes(in.readableBytes());
        ctx.fireExceptionCaught(e);
        ctx.close();
    }
}
