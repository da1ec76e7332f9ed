package io.gwkit.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.GatewayServer;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.register.RegisterServer;
import io.gwkit.testkit.MockGateway;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code BusinessWorker.Builder.count(2)}: two PHP BusinessWorker processes in one object, each an event loop with its
 * own handler instance and worker_key, connected to every gateway inner address, handling one event at a time on its
 * own thread; against PHP-shaped gateways (testkit) and a Java gateway.
 */
class WorkerCountTest extends WorkerOnMocks {

    /** Records, per instance, its worker index, the threads it ran on and how many of its calls overlapped. */
    private static final class Loop implements EventHandler {
        static final List<Loop> ALL = new CopyOnWriteArrayList<>();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger messages = new AtomicInteger();
        final List<String> lifecycle = new CopyOnWriteArrayList<>();
        volatile CountDownLatch blockUntil;
        volatile CountDownLatch started;

        Loop() {
            ALL.add(this);
        }

        @Override
        public void onWorkerStart(WorkerContext worker) {
            lifecycle.add("start " + worker.workerName() + ":" + worker.workerIndex());
        }

        @Override
        public void onMessage(EventContext ctx, String clientId, String message) {
            threads.add(Thread.currentThread());
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                messages.incrementAndGet();
                if (started != null) {
                    started.countDown();
                }
                if (blockUntil != null && message.equals("wait")) {
                    assertTrue(blockUntil.await(AWAIT_SECONDS, TimeUnit.SECONDS), "the other loop never ran");
                }
                ctx.sendToCurrentClient(ctx.workerIndex() + ":" + message);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public void onWorkerStop(WorkerContext worker) {
            lifecycle.add("stop " + worker.workerIndex());
        }
    }

    private MockGateway second;

    @AfterEach
    void closeSecond() {
        if (second != null) {
            second.close();
        }
    }

    private List<Loop> startCount2() throws Exception {
        Loop.ALL.clear();
        second = new MockGateway(); // a PHP gateway of count 2 announces two inner addresses
        register.gatewayAddresses(gateway.address(), second.address());
        worker = BusinessWorker.builder().registerAddress(register.address()).name("w").count(2)
                .handlers(Loop::new).build().start();
        assertTrue(worker.awaitConnected(List.of(gateway.address(), second.address()),
                Duration.ofSeconds(AWAIT_SECONDS)));
        return List.copyOf(Loop.ALL);
    }

    /** Worker links of a gateway by worker_key. */
    private static Map<String, MockGateway.WorkerLink> links(MockGateway g) throws InterruptedException {
        Map<String, MockGateway.WorkerLink> byKey = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            MockGateway.WorkerLink link = g.takeWorker();
            String body = new String(link.connectFrame().frame().body(), StandardCharsets.UTF_8);
            byKey.put(body.substring(body.indexOf("\"worker_key\":\"") + 14, body.indexOf("\",")), link);
        }
        return byKey;
    }

    private GatewayFrame message(MockGateway g, long connectionId, String text) {
        return new GatewayFrame(Command.ON_MESSAGE.code(), LOCALHOST, g.port(), LOCALHOST, 40000 + (int) connectionId,
                connectionId, GatewayFrame.FLAG_SCALAR, 8282, new byte[0], bytes(text));
    }

    @Test
    void eachLoopIsAWorkerWithItsOwnKeyHandlerAndThreadConnectedToEveryGateway() throws Exception {
        List<Loop> loops = startCount2();
        assertEquals(2, loops.size());
        assertEquals(List.of("start w:0"), loops.get(0).lifecycle);
        assertEquals(List.of("start w:1"), loops.get(1).lifecycle);
        assertEquals(2, worker.count());
        for (MockGateway g : List.of(gateway, second)) {
            Map<String, MockGateway.WorkerLink> links = links(g);
            assertEquals(Set.of("w:0", "w:1"), links.keySet());
            for (int i = 0; i < 2; i++) {
                MockGateway.WorkerLink link = links.get("w:" + i);
                link.send(message(g, 7, "hi"));
                // the reply goes back on the connection of the loop that handled the event
                GatewayFrame reply = link.takeFrame().frame();
                assertEquals(GatewayFrame.request(Command.SEND_TO_ONE, 7, GatewayFrame.FLAG_SCALAR, null,
                        bytes(i + ":hi")), reply);
            }
        }
        for (Loop loop : loops) {
            assertEquals(2, loop.messages.get(), "one event from each gateway");
            assertEquals(1, loop.threads.size(), "every call of a loop's handler on that loop's thread");
        }
        assertNotEquals(loops.get(0).threads, loops.get(1).threads);
        worker.close();
        assertEquals(List.of("start w:0", "stop 0"), loops.get(0).lifecycle);
        assertEquals(List.of("start w:1", "stop 1"), loops.get(1).lifecycle);
        assertEquals(4, worker.stats().events(Command.ON_MESSAGE), "stats of both loops together");
    }

    @Test
    void loopsRunInParallelAndEachHandlesOneEventAtATime() throws Exception {
        List<Loop> loops = startCount2();
        Map<String, MockGateway.WorkerLink> first = links(gateway);
        Map<String, MockGateway.WorkerLink> other = links(second);
        CountDownLatch loop1Ran = new CountDownLatch(1);
        loops.get(0).blockUntil = loop1Ran;
        loops.get(0).started = new CountDownLatch(1);
        // loop 0 blocks in its handler until loop 1 has handled an event: only possible if they run in parallel
        first.get("w:0").send(message(gateway, 1, "wait"));
        assertTrue(loops.get(0).started.await(AWAIT_SECONDS, TimeUnit.SECONDS));
        // meanwhile more events for loop 0 from both gateways queue behind the running one
        for (int i = 0; i < 20; i++) {
            first.get("w:0").send(message(gateway, 2, "a" + i));
            other.get("w:0").send(message(second, 3, "b" + i));
        }
        loops.get(1).started = loop1Ran;
        other.get("w:1").send(message(second, 4, "go"));
        assertEquals("1:go", body(other.get("w:1").takeFrame().frame()));
        assertEquals("0:wait", body(first.get("w:0").takeFrame().frame()));
        for (int i = 0; i < 20; i++) { // in order per connection
            assertEquals("0:a" + i, body(first.get("w:0").takeFrame().frame()));
            assertEquals("0:b" + i, body(other.get("w:0").takeFrame().frame()));
        }
        assertEquals(1, loops.get(0).maxRunning.get(), "one event at a time in a loop");
        assertEquals(1, loops.get(0).threads.size());
    }

    @Test
    void severalLoopsNeedOneHandlerPerLoop() {
        BusinessWorker.Builder b = BusinessWorker.builder().registerAddress("127.0.0.1:1236").count(2)
                .handler(new Loop());
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("handlers"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BusinessWorker.builder().count(0));
    }

    @Test
    void aJavaGatewaySpreadsItsClientsOverBothLoops() throws Exception {
        Loop.ALL.clear();
        try (RegisterServer reg = RegisterServer.builder().listen("127.0.0.1", 0).build()) {
            String registerAddress = "127.0.0.1:" + reg.start().getPort();
            try (GatewayServer gw = GatewayServer.builder().listen("text://127.0.0.1:0").lanPort(0)
                    .register(registerAddress).build()) {
                gw.start().get(AWAIT_SECONDS, TimeUnit.SECONDS);
                BusinessWorker w = BusinessWorker.builder().registerAddress(registerAddress).name("j").count(2)
                        .handlers(Loop::new).build().start();
                try {
                    assertTrue(w.awaitConnected(List.of(gw.announcedAddress()), Duration.ofSeconds(AWAIT_SECONDS)));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
                    while (gw.workerCount() < 2 && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    assertEquals(2, gw.workerCount());
                    List<Socket> clients = new ArrayList<>();
                    try {
                        for (int c = 0; c < 4; c++) {
                            Socket s = new Socket("127.0.0.1", gw.listenerAddresses().get(0).getPort());
                            s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(AWAIT_SECONDS));
                            clients.add(s);
                        }
                        for (int round = 0; round < 3; round++) {
                            for (int c = 0; c < clients.size(); c++) {
                                clients.get(c).getOutputStream().write(bytes("c" + c + "r" + round + "\n"));
                            }
                            for (int c = 0; c < clients.size(); c++) {
                                String line = new BufferedReader(new InputStreamReader(
                                        clients.get(c).getInputStream(), StandardCharsets.UTF_8)).readLine();
                                assertTrue(line.endsWith(":c" + c + "r" + round), line);
                            }
                        }
                    } finally {
                        for (Socket s : clients) {
                            s.close();
                        }
                    }
                    assertEquals(2, Loop.ALL.size());
                    for (Loop loop : Loop.ALL) {
                        assertTrue(loop.messages.get() > 0, "the gateway routed clients to both loops");
                        assertEquals(1, loop.threads.size());
                    }
                    assertEquals(12, Loop.ALL.get(0).messages.get() + Loop.ALL.get(1).messages.get());
                } finally {
                    w.close();
                }
            }
        }
    }
}
