package io.gwkit.client.internal;

import io.gwkit.protocol.FrameTooLongException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a gateway's reply stream into replies: {@code u32 length} (big-endian, not counting itself)
 * then that many bytes of a PHP-serialized value, emitted as {@code byte[]} without the prefix.
 * A declared length over the limit is fatal for the connection ({@link FrameTooLongException}).
 */
final class ReplyDecoder extends ByteToMessageDecoder {

    private final int maxReplyLength;

    ReplyDecoder(int maxReplyLength) {
        this.maxReplyLength = maxReplyLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > maxReplyLength) {
                in.skipBytes(in.readableBytes());
                throw new FrameTooLongException("reply declares " + length + " bytes, limit is " + maxReplyLength);
            }
            if (in.readableBytes() < 4 + length) {
                return;
            }
            in.skipBytes(4);
            byte[] reply = new byte[(int) length];
            in.readBytes(reply);
            out.add(reply);
        }
    }
}
