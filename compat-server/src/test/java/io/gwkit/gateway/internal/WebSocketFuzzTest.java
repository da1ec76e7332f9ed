package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the websocket listener's I/O-thread pipeline exactly as the gateway builds it
 * ({@link ClientInitializers.WebSocket#framing}: HTTP request decoder, the Workerman-shaped handshake, then
 * Netty's frame decoder, the aggregator with the package limit and our control-frame handler), in an
 * {@code EmbeddedChannel}. A failure may only be a Netty codec exception (the gateway then closes that one
 * client); anything else, a message over the limit, output out of proportion to the input, a hang or an
 * OOM is a finding. {@code mvn test} replays {@code WebSocketFuzzTestInputs/websocketStream/}; see
 * docs/FUZZING.md.
 *
 * <p>Input: byte 0 picks the chunking (as the sdk's fuzz targets: below 0x80 chunks of b + 1 bytes, else
 * 1..64 drawn from {@code new Random(b)}); byte 1 bit 0 set prefixes a valid upgrade request, so the
 * fuzzer spends its time on frames; the rest is the client's byte stream. Bytes past {@link #MAX_INPUT} are
 * ignored.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WebSocketFuzzTest {

    static final int MAX_PACKAGE = 256;
    /** Longer inputs are cut: the limits above are reachable well within, and short inputs fuzz faster. */
    static final int MAX_INPUT = 1024;
    static final byte[] UPGRADE = ("GET /?a=1 HTTP/1.1\r\nHost: x:1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    @FuzzTest
    void websocketStream(byte[] input) {
        input = Arrays.copyOf(input, Math.min(input.length, MAX_INPUT));
        Fed chunked = feed(input, true);
        Fed whole = feed(input, false);
        assertEquals(whole.events, chunked.events, "events differ between chunked and whole input");
        assertEquals(whole.failure, chunked.failure, "failure differs between chunked and whole input");
    }

    /** What one feed produced: messages and upgrades in order, the failure's type, the bytes written back. */
    record Fed(List<String> events, String failure, long outboundBytes) {
    }

    static Fed feed(byte[] input, boolean chunked) {
        Sink sink = new Sink(MAX_PACKAGE);
        EmbeddedChannel ch = new EmbeddedChannel();
        ClientInitializers.WebSocket.framing(ch.pipeline(), MAX_PACKAGE, "workerman/4.0.19", Duration.ofSeconds(10));
        ch.pipeline().addLast("sink", sink);
        byte[] stream = stream(input);
        int pattern = input.length == 0 ? 0 : input[0] & 0xFF;
        Random sizes = new Random(pattern);
        long outbound = 0;
        int pos = 0;
        while (pos < stream.length && ch.isOpen()) {
            int size = !chunked ? stream.length - pos : pattern < 0x80 ? pattern + 1 : 1 + sizes.nextInt(64);
            int n = Math.min(size, stream.length - pos);
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(stream, pos, n));
            } catch (CodecException e) {
                // An EmbeddedChannel tears its pipeline down inside close(), so a decoder's exception fired
                // after its own close reaches the tail instead of the sink (on a socket it reaches ClientHandler).
                sink.failed(e);
            }
            pos += n;
            outbound += drainOutbound(ch);
        }
        ch.finishAndReleaseAll();
        if (sink.unexpected != null) {
            throw new AssertionError("not a codec failure", sink.unexpected);
        }
        // Pongs echo at most the ping's payload; the rest is one 101 or 200 answer and one close frame.
        assertTrue(outbound <= stream.length + 1024, "wrote " + outbound + " bytes for " + stream.length + " in");
        return new Fed(sink.events, sink.failure, outbound);
    }

    static byte[] stream(byte[] input) {
        if (input.length < 2) {
            return new byte[0];
        }
        boolean upgrade = (input[1] & 1) != 0;
        int prefix = upgrade ? UPGRADE.length : 0;
        byte[] stream = new byte[prefix + input.length - 2];
        if (upgrade) {
            System.arraycopy(UPGRADE, 0, stream, 0, prefix);
        }
        System.arraycopy(input, 2, stream, prefix, input.length - 2);
        return stream;
    }

    private static long drainOutbound(EmbeddedChannel ch) {
        long n = 0;
        for (Object m = ch.readOutbound(); m != null; m = ch.readOutbound()) {
            if (m instanceof ByteBuf) {
                n += ((ByteBuf) m).readableBytes();
            }
            ReferenceCountUtil.release(m);
        }
        return n;
    }

    /** Stands in for {@link ClientHandler}: records messages and upgrades, closes on a failure as it does. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        final int maxPackage;
        final List<String> events = new ArrayList<>();
        String failure;
        Throwable unexpected;

        Sink(int maxPackage) {
            this.maxPackage = maxPackage;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WebSocketFrameHandler.Binary binary) {
                msg = binary.payload(); // text or binary: the same bytes for the worker (the flag aside)
            }
            if (msg instanceof byte[]) {
                byte[] message = (byte[]) msg;
                if (message.length > maxPackage) {
                    throw new AssertionError("message of " + message.length + " bytes passed the limit");
                }
                events.add("message " + HexFormat.of().formatHex(message));
            } else {
                // The empty end of the upgrade request (LastHttpContent) follows the request out of the HTTP
                // decoder; ClientHandler releases it the same way.
                ReferenceCountUtil.release(msg);
                if (!(msg instanceof LastHttpContent) && unexpected == null) {
                    unexpected = new AssertionError("unexpected message type " + msg.getClass());
                }
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketUpgrade) {
                WebSocketUpgrade upgrade = (WebSocketUpgrade) evt;
                events.add("upgrade " + HexFormat.of().formatHex(upgrade.serializedRequest())
                        + " " + ByteBufUtil.hexDump(upgrade.response()));
                upgrade.response().release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed(cause);
            ctx.close();
        }

        void failed(Throwable cause) {
            if (cause instanceof CodecException) {
                if (failure == null) {
                    failure = cause.getClass().getName();
                }
            } else if (unexpected == null) {
                unexpected = cause;
            }
        }
    }
}
