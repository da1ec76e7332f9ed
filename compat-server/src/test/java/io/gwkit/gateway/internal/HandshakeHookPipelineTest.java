package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayStats;
import io.gwkit.gateway.Listener;
import io.gwkit.testing.WsPeer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The websocket handshake hook in an EmbeddedChannel: what it sees, and each way it can answer. */
@Tag("socket")
class HandshakeHookPipelineTest {

    private static final String REQUEST = "GET /room/1?token=u-bob&x=a%20b HTTP/1.1\r\nHost: h\r\n"
            + "Origin: https://example.org\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: a, gw.chat.v1\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n";

    private final GatewayStats stats = new GatewayStats();
    private WebSocketFuzzTest.Sink sink = new WebSocketFuzzTest.Sink(1024);
    private final List<GatewayHooks.Handshake> seen = new ArrayList<>();
    private EmbeddedChannel ch;

    private void start(Function<GatewayHooks.Handshake, CompletionStage<GatewayHooks.Handshake.Result>> hook) {
        GatewayHooks hooks = new GatewayHooks() {
            @Override
            public CompletionStage<Handshake.Result> onWebSocketHandshake(Handshake handshake) {
                seen.add(handshake);
                return hook.apply(handshake);
            }
        };
        ch = new EmbeddedChannel();
        Listener listener = Listener.of(Listener.Protocol.WEBSOCKET, "127.0.0.1", 0);
        ClientInitializers.WebSocket.framing(ch.pipeline(), 1024, "workerman/4.0.19", Duration.ofSeconds(10),
                new WebSocketHandshakeHandler.HookSettings(hooks, Duration.ofSeconds(2), listener, stats, false));
        sink = new WebSocketFuzzTest.Sink(1024);
        ch.pipeline().addLast(sink);
        ch.writeInbound(Unpooled.copiedBuffer(REQUEST, StandardCharsets.ISO_8859_1));
    }

    private String outbound() {
        StringBuilder out = new StringBuilder();
        for (Object m = ch.readOutbound(); m != null; m = ch.readOutbound()) {
            out.append(((ByteBuf) m).toString(StandardCharsets.ISO_8859_1));
            ((ByteBuf) m).release();
        }
        return out.toString();
    }

    @Test
    void theHookSeesMethodPathQueryHeadersSubprotocolsAndListener() {
        start(h -> GatewayHooks.Handshake.ACCEPT);
        GatewayHooks.Handshake h = seen.get(0);
        assertEquals("GET", h.method());
        assertEquals("/room/1", h.path());
        assertEquals("token=u-bob&x=a%20b", h.query());
        assertEquals("u-bob", h.query("token"));
        assertEquals("a b", h.query("x"));
        assertEquals("", h.query("missing"));
        assertEquals("https://example.org", h.header("origin"));
        assertEquals(List.of("a", "gw.chat.v1"), h.subprotocols());
        assertEquals(Listener.Protocol.WEBSOCKET, h.listener().protocol());
        assertTrue(sink.events.get(0).startsWith("upgrade "));
    }

    @Test
    void aRejectionIsAnsweredWithItsStatusHeadersAndBodyThenClosed() {
        start(h -> CompletableFuture.completedStage(
                GatewayHooks.Handshake.Result.reject(401, "who?").header("WWW-Authenticate", "Bearer")));
        assertEquals("HTTP/1.1 401 Unauthorized\r\nServer: workerman/4.0.19\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 4\r\nConnection: close\r\n"
                + "WWW-Authenticate: Bearer\r\n\r\nwho?", outbound());
        assertFalse(ch.isOpen());
        assertTrue(sink.events.isEmpty());
    }

    @Test
    void aPendingAnswerStopsReadingUntilItCompletes() {
        CompletableFuture<GatewayHooks.Handshake.Result> answer = new CompletableFuture<>();
        start(h -> answer);
        assertFalse(ch.config().isAutoRead());
        assertEquals("", outbound());
        answer.complete(GatewayHooks.Handshake.Result.accept().subprotocol("gw.chat.v1")
                .frameType(GatewayHooks.FrameType.BINARY));
        ch.runPendingTasks();
        // the 101 travels with the upgrade event (the state thread writes it after telling the worker)
        assertTrue(sink.events.get(0).endsWith(io.netty.buffer.ByteBufUtil.hexDump(
                "\r\nSec-WebSocket-Protocol: gw.chat.v1\r\nServer: workerman/4.0.19\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1))), sink.events.get(0));
        assertTrue(ch.config().isAutoRead());
        ch.writeInbound(Unpooled.wrappedBuffer(WsPeer.frame(0x81, "hi".getBytes(StandardCharsets.UTF_8), true)));
        assertEquals(2, sink.events.size());
        ch.advanceTimeBy(10, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks(); // the expired timeout finds the handshake decided
        assertTrue(ch.isOpen());
        assertEquals(0, stats.hookFailures());
    }

    @Test
    void noAnswerWithinTheTimeoutIs503AndALateAnswerIsIgnored() {
        CompletableFuture<GatewayHooks.Handshake.Result> answer = new CompletableFuture<>();
        start(h -> answer);
        ch.advanceTimeBy(3, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(outbound().startsWith("HTTP/1.1 503 Service Unavailable\r\n"));
        assertFalse(ch.isOpen());
        answer.complete(GatewayHooks.Handshake.Result.accept());
        ch.runPendingTasks();
        assertEquals("", outbound());
        assertTrue(sink.events.isEmpty());
        assertEquals(1, stats.hookFailures());
    }

    @Test
    void aFailedStageANullAnswerAndAThrowingHookAre500() {
        List<Function<GatewayHooks.Handshake, CompletionStage<GatewayHooks.Handshake.Result>>> faults = List.of(
                h -> CompletableFuture.failedStage(new IllegalStateException("lookup failed")),
                h -> CompletableFuture.completedStage(null),
                h -> {
                    throw new IllegalArgumentException("bug");
                });
        for (var fault : faults) {
            start(fault);
            assertTrue(outbound().startsWith("HTTP/1.1 500 Internal Server Error\r\n"));
            assertFalse(ch.isOpen());
        }
        assertEquals(3, stats.hookFailures());
        assertTrue(sink.events.isEmpty());
    }

    /** The upgrade event the handshake fires for REQUEST, with {@code hooks} (null: the hookless pipeline). */
    private WebSocketUpgrade upgradeEvent(GatewayHooks hooks) {
        List<WebSocketUpgrade> upgrades = new ArrayList<>();
        ch = new EmbeddedChannel();
        WebSocketHandshakeHandler.HookSettings settings = hooks == null ? WebSocketHandshakeHandler.HookSettings.NONE
                : new WebSocketHandshakeHandler.HookSettings(hooks, Duration.ofSeconds(2),
                        Listener.of(Listener.Protocol.WEBSOCKET, "127.0.0.1", 0), stats, false);
        ClientInitializers.WebSocket.framing(ch.pipeline(), 1024, "workerman/4.0.19", Duration.ofSeconds(10), settings);
        ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof WebSocketUpgrade u) {
                    upgrades.add(u);
                    u.response().release();
                }
            }
        });
        ch.writeInbound(Unpooled.copiedBuffer(REQUEST, StandardCharsets.ISO_8859_1));
        return upgrades.get(0);
    }

    @Test
    void anAcceptedSessionAndFrameTypeTravelWithTheUpgradeEvent() {
        WebSocketUpgrade upgrade = upgradeEvent(new GatewayHooks() {
            @Override
            public CompletionStage<Handshake.Result> onWebSocketHandshake(Handshake handshake) {
                return Handshake.accept().session(java.util.Map.of("uid", "bob"))
                        .frameType(FrameType.BINARY).toStage();
            }
        });
        assertEquals("a:1:{s:3:\"uid\";s:3:\"bob\";}", new String(upgrade.session(), StandardCharsets.UTF_8));
        assertEquals(GatewayHooks.FrameType.BINARY, upgrade.frameType());
    }

    @Test
    void withoutHooksTheUpgradeCarriesNoSessionOrFrameType() {
        WebSocketUpgrade upgrade = upgradeEvent(null);
        assertNull(upgrade.session());
        assertNull(upgrade.frameType());
    }

    @Test
    void resultsRefuseHeaderInjectionAndBadStatuses() {
        GatewayHooks.Handshake.Result ok = GatewayHooks.Handshake.Result.accept();
        assertThrowsIae(() -> ok.header("X-A", "v\r\nSet-Cookie: x"));
        assertThrowsIae(() -> ok.header("Bad Name", "v"));
        assertThrowsIae(() -> ok.subprotocol("two words"));
        assertThrowsIae(() -> GatewayHooks.Handshake.Result.reject(200, ""));
        assertThrowsIae(() -> GatewayHooks.Handshake.Result.reject(101, ""));
    }

    private static void assertThrowsIae(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("no IllegalArgumentException");
    }
}
