package io.gwkit.gateway;

import static io.gwkit.testing.InnerPeer.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * While no BusinessWorker is connected the gateway keeps its clients and holds their events, in order, for the
 * next worker, within the {@code workerGap} bounds (docs/ROBUSTNESS.md, "Worker gaps"). Workers here are raw
 * inner connections on loopback.
 */
@Tag("socket")
class WorkerGapTest {

    private static String body(GatewayFrame f) {
        return new String(f.body(), StandardCharsets.UTF_8);
    }

    /** A worker that reads its events at once (announceWorker's round trip would read held events as a reply). */
    private static InnerPeer worker(GatewayFixture fx, String key) throws java.io.IOException {
        InnerPeer w = new InnerPeer(fx.inner());
        w.send(request(Command.WORKER_CONNECT, 0, "", "{\"worker_key\":\"" + key + "\",\"secret_key\":\"\"}"));
        return w;
    }

    static void awaitWorkers(GatewayFixture fx, int n) throws InterruptedException {
        io.gwkit.testkit.Await.value("gateway has " + n + " workers", n, fx.gateway::workerCount);
    }

    @Test
    void eventsDuringAWorkerRestartWaitForTheNextWorkerInOrderAndNoClientIsLost() throws Exception {
        try (GatewayFixture fx = new GatewayFixture()) {
            InnerPeer first = new InnerPeer(fx.inner()).announceWorker("w:0", "");
            try (LinePeer talker = new LinePeer(fx.text())) {
                long talkerId = first.readEvent().connectionId();
                talker.sendLine("before");
                assertEquals("before", body(first.readEvent()));
                first.close();                                   // the only worker goes away
                awaitWorkers(fx, 0);
                for (int i = 0; i < 100; i++) {
                    talker.sendLine("during" + i);
                }
                try (LinePeer newcomer = new LinePeer(fx.text())) {
                    newcomer.sendLine("hello");
                    Thread.sleep(200);
                    talker.sendLine("last");
                    try (InnerPeer second = worker(fx, "w:1")) {
                        // in order per client (the two clients' events may interleave)
                        java.util.List<String> talkerEvents = new java.util.ArrayList<>();
                        java.util.List<String> newcomerEvents = new java.util.ArrayList<>();
                        long newcomerId = -1;
                        for (int i = 0; i < 103; i++) {
                            GatewayFrame f = second.readEvent();
                            if (f.connectionId() == talkerId) {
                                talkerEvents.add(body(f));
                            } else {
                                newcomerId = f.connectionId();
                                newcomerEvents.add(f.cmd() + ":" + body(f));
                            }
                        }
                        java.util.List<String> expected = new java.util.ArrayList<>();
                        for (int i = 0; i < 100; i++) {
                            expected.add("during" + i);
                        }
                        expected.add("last");
                        assertEquals(expected, talkerEvents);
                        assertEquals(java.util.List.of(Command.ON_CONNECT.code() + ":",
                                Command.ON_MESSAGE.code() + ":hello"), newcomerEvents);
                        // both clients are served by the new worker
                        second.send(request(Command.SEND_TO_ONE, talkerId, "", "to talker"));
                        second.send(request(Command.SEND_TO_ONE, newcomerId, "", "to newcomer"));
                        assertEquals("to talker", talker.readLine());
                        assertEquals("to newcomer", newcomer.readLine());
                        assertEquals(0, fx.gateway.stats().workerGapDrops());
                    }
                }
            }
        }
    }

    @Test
    void pastTheCountBoundTheClientIsClosedAsWithPhp() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.workerGap(3, 1 << 20, Duration.ofSeconds(10)));
             LinePeer held = new LinePeer(fx.text())) {
            held.sendLine("a");                                 // connect + "a": 2 events
            Thread.sleep(100);
            try (LinePeer over = new LinePeer(fx.text())) {     // connect: 3rd, then "b" is over
                over.sendLine("b");
                assertTrue(over.closedByPeer(), "the event past the bound closes its client");
            }
            try (InnerPeer worker = worker(fx, "w:0")) {
                assertEquals(Command.ON_CONNECT.code(), worker.readEvent().cmd());
                assertEquals("a", body(worker.readEvent()));
                assertTrue(fx.gateway.stats().workerGapDrops() >= 1);
            }
        }
    }

    @Test
    void pastTheTimeBoundTheHeldClientsAreClosedAndAZeroTimeoutHoldsNothing() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.workerGap(100, 1 << 20, Duration.ofMillis(300)));
             LinePeer held = new LinePeer(fx.text())) {
            held.sendLine("a");
            long start = System.nanoTime();
            assertTrue(held.closedByPeer(), "closed once the worker gap outlasted its bound");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 250, "closed after " + ms + " ms");
            assertEquals(2, fx.gateway.stats().workerGapDrops());
        }
        try (GatewayFixture fx = new GatewayFixture("", b -> b.workerGap(100, 1 << 20, Duration.ZERO));
             LinePeer client = new LinePeer(fx.text())) {
            assertTrue(client.closedByPeer(), "PHP's behaviour: no worker, no client");
        }
    }
}
