package io.gwkit.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.cluster.LocalCluster;
import io.gwkit.protocol.Command;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link WorkerStats} counts real events by type, handler errors and time, and feeds its latency sink. */
@Tag("socket")
class WorkerStatsTest {

    @Test
    void countsEventsErrorsAndHandlerTime() throws Exception {
        EventHandler handler = new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                if (message.startsWith("boom")) {
                    throw new IllegalStateException("handler failure for the test");
                }
                ctx.sendToCurrentClient("ok");
            }
        };
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().handler(handler).build().start()) {
            WorkerStats stats = cluster.workers().get(0).stats();
            AtomicLong sunk = new AtomicLong();
            stats.latencySink(nanos -> sunk.incrementAndGet());
            try (Socket client = new Socket("127.0.0.1", cluster.textAddress().getPort())) {
                client.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                client.getOutputStream().write("boom\nfine\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("ok", in.readLine()); // the failure cost only its own event
            }
            await(1, () -> stats.events(Command.ON_CLOSE));
            assertEquals(1, stats.events(Command.ON_CONNECT));
            assertEquals(2, stats.events(Command.ON_MESSAGE));
            assertEquals(0, stats.events(Command.ON_WEBSOCKET_CONNECT));
            assertEquals(1, stats.errors());
            assertEquals(4, sunk.get());
            assertTrue(stats.handlerNanos() >= stats.handlerNanosMax() && stats.handlerNanosMax() > 0);
        }
    }

    private static void await(long expected, LongSupplier value) throws InterruptedException {
        io.gwkit.testkit.Await.value("a worker counter", expected, value::getAsLong);
    }
}
