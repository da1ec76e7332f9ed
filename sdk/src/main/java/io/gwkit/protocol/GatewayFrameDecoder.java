package io.gwkit.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the inner link's byte stream into {@link GatewayFrame}s.
 *
 * <pre>
 * BEFORE DECODE                                   AFTER DECODE
 * +----------+--------------------------+         +--------------+
 * | pack_len | rest of header, ext, body|  -----> | GatewayFrame |
 * | 0000004a | 01 7f000001 0b54 ...     |         +--------------+
 * +----------+--------------------------+
 * </pre>
 *
 * pack_len is checked as soon as its 4 bytes arrive, so no more than {@code maxFrameLength} bytes are
 * ever buffered for one frame. A pack_len below 28 or an ext_len past the frame end gives a
 * {@link MalformedFrameException}, a pack_len above the limit a {@link FrameTooLongException}. The
 * stream cannot be re-synchronised after that, so the decoder fires the exception (unwrapped, for the
 * pipeline's exception handler to log), closes the channel and discards everything that still arrives.
 * Stateful: one instance per channel.
 */
public final class GatewayFrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameLength;
    private boolean failed;

    public GatewayFrameDecoder() {
        this(GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH);
    }

    public GatewayFrameDecoder(int maxFrameLength) {
        if (maxFrameLength < GatewayFrame.HEADER_LENGTH) {
            throw new IllegalArgumentException("maxFrameLength must be at least " + GatewayFrame.HEADER_LENGTH
                    + ": " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    public int maxFrameLength() {
        return maxFrameLength;
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
        long packLen = in.getUnsignedInt(in.readerIndex());
        try {
            GatewayFrameCodec.checkPackLength(packLen, maxFrameLength);
            if (in.readableBytes() < packLen) {
                return;
            }
            out.add(GatewayFrameCodec.decode(in.readSlice((int) packLen), maxFrameLength));
        } catch (ProtocolException e) {
            failed = true;
            DecoderFailures.closeOnError(ctx, in, e);
        }
    }
}
