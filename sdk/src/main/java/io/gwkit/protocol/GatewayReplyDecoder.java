package io.gwkit.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a request connection's incoming stream into {@link GatewayReply}s: {@code u32 length} (big-endian,
 * not counting itself) then that many bytes of a PHP-serialized value, which is not decoded here.
 *
 * <pre>
 * +----------+------------+          +--------------------------+
 * | 00000004 | i:1;       |  ----->  | GatewayReply("i:1;")     |
 * +----------+------------+          +--------------------------+
 * </pre>
 *
 * A length above {@code maxReplyLength} gives a {@link FrameTooLongException} as soon as the 4 length bytes
 * arrive; the decoder then closes the channel and discards further input. One instance per channel.
 */
public final class GatewayReplyDecoder extends ByteToMessageDecoder {

    /** Replies listing every session of a large cluster are big; this still bounds one connection's memory. */
    public static final int DEFAULT_MAX_REPLY_LENGTH = 64 * 1024 * 1024;

    private final int maxReplyLength;
    private boolean failed;

    public GatewayReplyDecoder() {
        this(DEFAULT_MAX_REPLY_LENGTH);
    }

    public GatewayReplyDecoder(int maxReplyLength) {
        if (maxReplyLength < 0) {
            throw new IllegalArgumentException("maxReplyLength must be >= 0: " + maxReplyLength);
        }
        this.maxReplyLength = maxReplyLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length > maxReplyLength) {
            failed = true;
            DecoderFailures.closeOnError(ctx, in, new FrameTooLongException("reply length " + length
                    + " exceeds the maximum reply length " + maxReplyLength));
            return;
        }
        if (in.readableBytes() - 4 < length) {
            return;
        }
        in.skipBytes(4);
        byte[] serialized = new byte[(int) length];
        in.readBytes(serialized);
        out.add(new GatewayReply(serialized));
    }
}
