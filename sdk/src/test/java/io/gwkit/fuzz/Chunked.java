package io.gwkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gwkit.protocol.ProtocolException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Feeds a fuzz input through a Netty stream decoder. Input layout: byte 0 picks the chunking, the rest is
 * the stream. Byte 0 below 0x80 means chunks of {@code b + 1} bytes (1..128); from 0x80 on, chunk sizes of
 * 1..64 drawn from a Random seeded with that byte. Only a {@link ProtocolException} may escape the
 * decoder; it is returned, as is what the decoder emitted before it.
 */
record Chunked(List<Object> messages, ProtocolException failure, boolean open) {

    static Chunked feed(ChannelHandler decoder, byte[] input, boolean chunked) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        int pattern = input.length == 0 ? 0 : input[0] & 0xFF;
        Random sizes = new Random(pattern);
        ProtocolException failure = null;
        int pos = Math.min(1, input.length);
        while (pos < input.length && ch.isOpen()) {
            int size = !chunked ? input.length - pos : pattern < 0x80 ? pattern + 1 : 1 + sizes.nextInt(64);
            int n = Math.min(size, input.length - pos);
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(input, pos, n));
            } catch (ProtocolException e) {
                failure = e;
            }
            pos += n;
        }
        List<Object> messages = new ArrayList<>();
        for (Object m = ch.readInbound(); m != null; m = ch.readInbound()) {
            messages.add(m);
        }
        boolean open = ch.isOpen();
        ch.finishAndReleaseAll();
        return new Chunked(messages, failure, open);
    }

    /**
     * The decoder's output must not depend on how the stream was cut: the chunked feed and the whole
     * stream in one write give the same messages and the same kind of failure, and a failure closes the
     * channel.
     */
    static Chunked feedAndCompare(Supplier<ChannelHandler> decoder, byte[] input) {
        Chunked chunked = feed(decoder.get(), input, true);
        Chunked whole = feed(decoder.get(), input, false);
        assertEquals(whole.messages(), chunked.messages(), "messages differ between chunked and whole input");
        assertEquals(failureType(whole), failureType(chunked), "failure differs between chunked and whole input");
        assertEquals(chunked.failure() == null, chunked.open(), "a failure must close the channel, only a failure");
        return chunked;
    }

    private static Class<?> failureType(Chunked c) {
        return c.failure() == null ? null : c.failure().getClass();
    }
}
