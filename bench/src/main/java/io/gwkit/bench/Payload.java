package io.gwkit.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/** Bench lines: a tag and a number the receiver parses back, padded with 'x' to a size, then '\n'. */
public final class Payload {

    private Payload() {
    }

    /** {@code tag + number + ' ' + padding}, {@code size} bytes before the newline (more if the number needs it). */
    public static ByteBuf line(ByteBufAllocator alloc, char tag, long number, int size) {
        ByteBuf b = alloc.buffer(Math.max(size, 24) + 1);
        b.writeByte(tag);
        ByteBufUtil.writeAscii(b, Long.toString(number));
        b.writeByte(' ');
        while (b.readableBytes() < size) {
            b.writeByte('x');
        }
        b.writeByte('\n');
        return b;
    }

    /** The same as a String without the newline, for APIs that take text. */
    public static String text(char tag, long number, int size) {
        StringBuilder s = new StringBuilder(size + 1).append(tag).append(number).append(' ');
        while (s.length() < size) {
            s.append('x');
        }
        return s.toString();
    }
}
