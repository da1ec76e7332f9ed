package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayStats;
import io.gwkit.gateway.Listener;
import io.gwkit.gateway.Router;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Heartbeat parity with PHP's {@code Gateway::ping()}, tick by tick: which ticks send pingData, when a silent client
 * is closed (pingNotResponseLimit × 2 half-interval ticks), and that any client message starts the count again. The
 * expected columns are PHP's ping() worked through by hand: the count starts at -1, is checked against limit × 2
 * before it is incremented, and pingData is skipped at count 0 and, with a limit, at odd counts.
 */
class HeartbeatParityTest {

    private static GatewayCore core(int limit, String pingData) {
        Settings settings = new Settings("hb", List.of(), "127.0.0.1", 2900, "127.0.0.1", 2900, List.of("r:1"), "",
                Router.LEAST_CONNECTIONS, Duration.ofSeconds(10), limit, pingData.getBytes(StandardCharsets.UTF_8),
                1 << 20, 1 << 20, 1 << 20, Duration.ofSeconds(1), Duration.ofSeconds(25), "workerman/4.0.19",
                Duration.ofSeconds(10), Duration.ofSeconds(10), 0, GatewayHooks.NONE, Duration.ofSeconds(5),
                Duration.ZERO, true);
        GatewayCore core = new GatewayCore(settings, new GatewayStats());
        core.workerConnected(new InnerConnection(new EmbeddedChannel(), true), "w");
        return core;
    }

    private static ClientConnection connect(GatewayCore core, EmbeddedChannel ch) {
        ClientConnection client = new ClientConnection(ch, Listener.of(Listener.Protocol.TEXT, "127.0.0.1", 0), 8282,
                0x7f000001L, 40000);
        core.clientConnected(client);
        return client;
    }

    /** Per tick: "ping" (pingData sent), "-" (nothing), "closed". A tick listed in {@code messages} is preceded by a message. */
    private static List<String> ticks(int limit, String pingData, int count, int... messages) {
        GatewayCore core = core(limit, pingData);
        EmbeddedChannel ch = new EmbeddedChannel();
        ClientConnection client = connect(core, ch);
        List<String> seen = new ArrayList<>();
        for (int tick = 1; tick <= count; tick++) {
            for (int m : messages) {
                if (m == tick) {
                    core.clientMessage(client, new byte[] {'x'}, false);
                }
            }
            core.heartbeat();
            ch.runPendingTasks();
            Object out = ch.readOutbound();
            if (!ch.isOpen()) {
                seen.add("closed");
                break;
            }
            seen.add(out == null ? "-" : new String(((OutboundMessage) out).payload(), StandardCharsets.UTF_8));
        }
        return seen;
    }

    @Test
    void withoutALimitPingDataGoesEveryTickButTheFirstAndNobodyIsClosed() {
        // timer every pingInterval
        assertEquals(List.of("-", "ping", "ping", "ping", "ping"), ticks(0, "ping", 5));
    }

    @Test
    void withLimitOneASilentClientGetsOnePingThenIsClosed() {
        // timer every pingInterval / 2: ping at 1.5 intervals, closed at 2 (PHP's pingNotResponseLimit = 1)
        assertEquals(List.of("-", "-", "ping", "closed"), ticks(1, "ping", 10));
    }

    @Test
    void withLimitTwoASilentClientGetsPingsAtOddHalfIntervalsThenIsClosed() {
        assertEquals(List.of("-", "-", "ping", "-", "ping", "closed"), ticks(2, "ping", 10));
    }

    @Test
    void aMessageStartsTheCountAgain() {
        assertEquals(List.of("-", "-", "-", "-", "ping", "closed"), ticks(1, "ping", 10, 3));
    }

    @Test
    void withoutPingDataOnlyTheLimitActs() {
        assertEquals(List.of("-", "-", "-", "closed"), ticks(1, "", 10));
        assertEquals(List.of("-", "-", "-", "-", "-"), ticks(0, "", 5));
    }
}
