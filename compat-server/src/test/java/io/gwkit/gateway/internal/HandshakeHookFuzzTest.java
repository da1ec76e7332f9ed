package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayStats;
import io.gwkit.gateway.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CodecException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the websocket handshake hook as the gateway runs it ({@link ClientInitializers.WebSocket#framing}
 * with {@link WebSocketHandshakeHandler.HookSettings}), in an {@code EmbeddedChannel}. The hook reads everything a
 * {@link GatewayHooks.Handshake} offers (path, query and its parameters, headers, subprotocols) and answers as
 * byte 1 says: accept, accept choosing the first offered subprotocol, reject with 403, or throw. Findings: an
 * exception other than a Netty codec exception; an accessor of the handshake that throws; a connection upgraded
 * although the hook rejected or threw; a 101 that names a subprotocol the client did not offer; chunked and whole
 * feeds that differ. {@code mvn test} replays {@code HandshakeHookFuzzTestInputs/handshakeStream/}; see
 * docs/FUZZING.md.
 *
 * <p>Input: byte 0 picks the chunking (as {@link WebSocketFuzzTest}), byte 1 the hook's answer (low two bits), the
 * rest is the client's byte stream, cut at {@link #MAX_INPUT}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
@Tag("socket")
class HandshakeHookFuzzTest {

    static final int MAX_INPUT = 2048;
    static final int MAX_PACKAGE = 256;

    @FuzzTest
    void handshakeStream(byte[] input) {
        input = Arrays.copyOf(input, Math.min(input.length, MAX_INPUT));
        Fed chunked = feed(input, true);
        Fed whole = feed(input, false);
        assertEquals(whole, chunked, "chunked and whole input differ");
    }

    /** The hook's calls, the sink's events and the status line written back. */
    record Fed(List<String> hookCalls, List<String> events, String statusLine) {
    }

    static Fed feed(byte[] input, boolean chunked) {
        int answer = input.length < 2 ? 0 : input[1] & 3;
        List<String> hookCalls = new ArrayList<>();
        List<Throwable> accessorFailures = new ArrayList<>();
        GatewayHooks hooks = new GatewayHooks() {
            @Override
            public CompletionStage<Handshake.Result> onWebSocketHandshake(Handshake h) {
                try {
                    hookCalls.add(h.method() + " " + h.path() + " ?" + h.query() + " " + h.queryParameters()
                            + " token=" + h.query("token") + " origin=" + h.header("origin") + " "
                            + h.subprotocols() + " " + h.offers("gw.chat.v1"));
                } catch (RuntimeException e) {
                    accessorFailures.add(e);
                }
                switch (answer) {
                    case 0:
                        return Handshake.ACCEPT;
                    case 1:
                        return h.subprotocols().isEmpty() ? Handshake.ACCEPT
                                : Handshake.accept().subprotocol(h.subprotocols().get(0)).toStage();
                    case 2:
                        return Handshake.reject(403, "refused");
                    default:
                        throw new IllegalStateException("hook failed (fuzz)");
                }
            }
        };
        WebSocketFuzzTest.Sink sink = new WebSocketFuzzTest.Sink(MAX_PACKAGE);
        EmbeddedChannel ch = new EmbeddedChannel();
        ClientInitializers.WebSocket.framing(ch.pipeline(), MAX_PACKAGE, "workerman/4.0.19", Duration.ofSeconds(10),
                new WebSocketHandshakeHandler.HookSettings(hooks, Duration.ofSeconds(2),
                        Listener.of(Listener.Protocol.WEBSOCKET, "127.0.0.1", 0), new GatewayStats(), false));
        ch.pipeline().addLast("sink", sink);
        byte[] stream = input.length < 2 ? new byte[0] : Arrays.copyOfRange(input, 2, input.length);
        int pattern = input.length == 0 ? 0 : input[0] & 0xFF;
        java.util.Random sizes = new java.util.Random(pattern);
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (pos < stream.length && ch.isOpen()) {
            int size = !chunked ? stream.length - pos : pattern < 0x80 ? pattern + 1 : 1 + sizes.nextInt(64);
            int n = Math.min(size, stream.length - pos);
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(stream, pos, n));
            } catch (CodecException e) {
                sink.failed(e);
            }
            pos += n;
            for (Object m = ch.readOutbound(); m != null; m = ch.readOutbound()) {
                if (m instanceof ByteBuf && out.length() < 4096) {
                    out.append(((ByteBuf) m).toString(StandardCharsets.ISO_8859_1));
                }
                ReferenceCountUtil.release(m);
            }
        }
        ch.finishAndReleaseAll();
        if (sink.unexpected != null) {
            throw new AssertionError("not a codec failure", sink.unexpected);
        }
        if (!accessorFailures.isEmpty()) {
            throw new AssertionError("a handshake accessor threw", accessorFailures.get(0));
        }
        boolean upgraded = sink.events.stream().anyMatch(e -> e.startsWith("upgrade "));
        if (answer >= 2) {
            assertFalse(upgraded, "upgraded although the hook " + (answer == 2 ? "rejected" : "threw"));
        }
        String reply = out.toString();
        int end = reply.indexOf("\r\n\r\n");
        String head = end < 0 ? reply : reply.substring(0, end);
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Sec-WebSocket-Protocol:", 0, 23)) {
                String chosen = line.substring(23).trim();
                assertTrue(hookCalls.stream().anyMatch(c -> c.contains(chosen)),
                        "101 names subprotocol " + chosen + " the client did not offer");
            }
        }
        int eol = reply.indexOf("\r\n");
        return new Fed(hookCalls, sink.events, eol < 0 ? reply : reply.substring(0, eol));
    }
}
