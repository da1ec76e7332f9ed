package io.gwkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.cluster.LocalCluster;
import io.gwkit.gateway.GatewayServer;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.register.RegisterServer;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import io.gwkit.worker.BusinessWorker;
import io.gwkit.worker.EventContext;
import io.gwkit.worker.EventHandler;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A graceful stop loses no event already accepted. For the gateway an event is accepted once it has read it
 * (a client message, a connect, the close it makes itself when stopping); for the worker once it has read the
 * frame from its gateway connection. What is still in a socket buffer when the stop begins is not accepted.
 */
@Tag("socket")
class GracefulStopTest {

    private static final int CLIENTS = 3;
    private static final int MESSAGES = 20;

    @Test
    void aStoppingGatewayHandsEveryReadMessageAndEveryClientsCloseToTheWorker() throws Exception {
        try (GatewayFixture fx = new GatewayFixture();
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
            List<LinePeer> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(new LinePeer(fx.text()));
                    assertEquals(Command.ON_CONNECT.code(), worker.readEvent().cmd());
                }
                // each client's messages in one write: once the worker has the first, the gateway has read all
                for (LinePeer c : clients) {
                    StringBuilder batch = new StringBuilder();
                    for (int m = 0; m < MESSAGES; m++) {
                        batch.append("m").append(m).append('\n');
                    }
                    c.sendRaw(batch.toString().getBytes(StandardCharsets.UTF_8));
                }
                Map<Long, List<String>> events = new HashMap<>();
                while (events.size() < CLIENTS) {
                    record(events, worker.readEvent());
                }

                fx.gateway.close();
                try {
                    while (true) {
                        record(events, worker.readEvent());
                    }
                } catch (EOFException end) {
                    // the gateway closed the worker connection after everything
                }
                List<String> expected = new ArrayList<>();
                for (int m = 0; m < MESSAGES; m++) {
                    expected.add("m" + m);
                }
                expected.add("close");
                assertEquals(CLIENTS, events.size());
                events.forEach((id, seen) -> assertEquals(expected, seen, "events of connection " + id));
                for (LinePeer c : clients) {
                    assertTrue(c.closedByPeer());
                }
            } finally {
                for (LinePeer c : clients) {
                    c.close();
                }
            }
        }
    }

    private static void record(Map<Long, List<String>> events, GatewayFrame f) {
        String what = f.cmd() == Command.ON_CLOSE.code() ? "close" : new String(f.body(), StandardCharsets.UTF_8);
        events.computeIfAbsent(f.connectionId(), id -> new ArrayList<>()).add(what);
    }

    /** With shards (count 2) too: every shard's clients are flushed and their closes reach the worker. */
    @org.junit.jupiter.params.ParameterizedTest(name = "count {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void aStoppingClusterRunsEveryConnectedClientsOnCloseHandler(int count) throws Exception {
        Set<String> open = ConcurrentHashMap.newKeySet();
        Set<String> closed = ConcurrentHashMap.newKeySet();
        EventHandler handler = new EventHandler() {
            @Override
            public void onConnect(EventContext ctx, String clientId) {
                open.add(clientId);
            }

            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                ctx.sendToCurrentClient("ok");
            }

            @Override
            public void onClose(EventContext ctx, String clientId) {
                closed.add(clientId);
            }
        };
        List<LinePeer> clients = new ArrayList<>();
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().gatewayCount(count)
                .handler(handler).build().start()) {
            for (int i = 0; i < CLIENTS; i++) {
                LinePeer c = new LinePeer(cluster.textAddress());
                clients.add(c);
                assertEquals("ok", c.sendLine("hi").readLine());
            }
            cluster.close();
            assertEquals(CLIENTS, open.size());
            assertEquals(open, closed);
        } finally {
            for (LinePeer c : clients) {
                c.close();
            }
        }
    }

    @Test
    void aStoppingWorkerFinishesEveryEventItHasReadWithinItsStopTimeout() throws Exception {
        RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build();
        String registerAddress = "127.0.0.1:" + register.start().getPort();
        GatewayServer gateway = GatewayServer.builder().listen("text://127.0.0.1:0").lanPort(0)
                .register(registerAddress).build();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        BusinessWorker worker = null;
        try {
            gateway.start().get(Await.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            worker = BusinessWorker.builder().registerAddress(registerAddress).stopTimeout(Duration.ofSeconds(60))
                    .handlerThreads(4) // the executor mode: events queue while a handler runs
                    .handler(new EventHandler() {
                        @Override
                        public void onMessage(EventContext ctx, String clientId, String message) {
                            try {
                                release.await(); // a slow handler: every event queues behind it
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            handled.incrementAndGet();
                            ctx.sendToCurrentClient("done " + message);
                        }
                    }).build().start();
            BusinessWorker w = worker;
            Await.until("gateway has the worker", () -> gateway.workerCount() == 1);
            try (LinePeer client = new LinePeer(gateway.listenerAddresses().get(0))) {
                for (int m = 0; m < MESSAGES; m++) {
                    client.sendLine("m" + m);
                }
                Await.until("worker read every message", () -> w.pendingEvents() == MESSAGES);
                Thread closer = new Thread(w::close, "closer");
                closer.start();
                release.countDown();
                closer.join(TimeUnit.SECONDS.toMillis(Await.TIMEOUT_SECONDS));
                assertFalse(closer.isAlive(), "close() did not return");
                assertEquals(MESSAGES, handled.get());
                for (int m = 0; m < MESSAGES; m++) {
                    assertEquals("done m" + m, client.readLine()); // answers written before the links closed
                }
            }
        } finally {
            if (worker != null) {
                worker.close();
            }
            gateway.close();
            register.close();
        }
    }
}
