package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.Listener;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
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

    /** Per tick: "ping" (pingData sent), "-" (nothing), "closed". A tick listed in {@code messages} is preceded by a message. */
    private static List<String> ticks(int limit, String pingData, int count, int... messages) {
        GatewayCore core = TestCores.core(limit, pingData, GatewayHooks.NONE);
        TestCores.worker(core, "w");
        EmbeddedChannel ch = new EmbeddedChannel();
        ClientConnection client = TestCores.client(core, ch, Listener.Protocol.TEXT);
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
