package io.gwkit.protocol;

import io.gwkit.php.PhpStrings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the register link into lines: each ends at {@code \n}; trailing {@code \r}s are stripped (PHP's
 * text protocol rtrims "\r\n"); other whitespace is kept. Emits each line as a String decoded as strict
 * UTF-8, without its line end; parsing is left to {@link RegisterMessage#parse}.
 *
 * <p>A line longer than {@code maxLineLength} bytes (before its {@code \n}) gives a
 * {@link FrameTooLongException} as soon as that many bytes are buffered without a line end; a line that is
 * not valid UTF-8 gives a {@link MalformedFrameException}. Either way the decoder closes the channel and
 * discards further input (PHP's register closes a connection that sends garbage, too). One instance per
 * channel.
 */
public final class RegisterLineDecoder extends ByteToMessageDecoder {

    /** Generous for any address list (one address is about 22 bytes). */
    public static final int DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

    private final int maxLineLength;
    /** Bytes already searched for '\n', so a slowly arriving line is not rescanned from its start. */
    private int scanned;
    private boolean failed;

    public RegisterLineDecoder() {
        this(DEFAULT_MAX_LINE_LENGTH);
    }

    public RegisterLineDecoder(int maxLineLength) {
        if (maxLineLength <= 0) {
            throw new IllegalArgumentException("maxLineLength must be positive: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        int end = in.indexOf(start + scanned, in.writerIndex(), (byte) '\n');
        if (end < 0) {
            scanned = in.readableBytes();
            if (scanned > maxLineLength) {
                fail(ctx, in, new FrameTooLongException("line of more than " + maxLineLength
                        + " bytes without a line end (" + scanned + " bytes buffered), maximum line length "
                        + maxLineLength));
            }
            return;
        }
        scanned = 0;
        int length = end - start;
        if (length > maxLineLength) {
            fail(ctx, in, new FrameTooLongException("line of " + length + " bytes exceeds the maximum line length "
                    + maxLineLength));
            return;
        }
        int textEnd = end;
        while (textEnd > start && in.getByte(textEnd - 1) == '\r') {
            textEnd--;
        }
        byte[] bytes = new byte[textEnd - start];
        in.getBytes(start, bytes);
        in.readerIndex(end + 1);
        String line = PhpStrings.decodeUtf8OrNull(bytes, 0, bytes.length);
        if (line == null) {
            fail(ctx, in, new MalformedFrameException("line of " + bytes.length + " bytes is not valid UTF-8"));
            return;
        }
        out.add(line);
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, ProtocolException e) {
        failed = true;
        DecoderFailures.closeOnError(ctx, in, e);
    }
}
