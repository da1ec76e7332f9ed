package io.gwkit.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.testkit.MockGateway;
import io.gwkit.testkit.MockReply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A Java worker against a fake register and a fake gateway speaking the real frame codec over loopback. */
@Tag("socket")
class BusinessWorkerTest extends WorkerOnMocks {

    private MockGateway.WorkerLink start(EventHandler handler, String secret) throws Exception {
        return start(handler, secret, 0);
    }

    /** @param handlerThreads 0: PHP's one-event-at-a-time model; more: the executor mode */
    private MockGateway.WorkerLink start(EventHandler handler, String secret, int handlerThreads) throws Exception {
        worker = BusinessWorker.builder()
                .registerAddress(register.address())
                .handlerThreads(handlerThreads)
                .name("testWorker")
                .index(3)
                .secretKey(secret)
                .handler(handler)
                .build()
                .start();
        return gateway.takeWorker();
    }

    private GatewayFrame event(Command cmd, long connectionId, String session, String body) {
        return event(cmd, connectionId, GatewayFrame.FLAG_SCALAR, bytes(session), bytes(body));
    }

    /** Replies "re:<message>" and records "cmd clientId message session". */
    private static final class Recorder implements EventHandler {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @Override
        public void onConnect(EventContext ctx, String clientId) {
            seen.add("connect " + clientId + " " + ctx.clientIp() + " " + ctx.gatewayPort() + " " + ctx.session());
        }

        @Override
        public void onMessage(EventContext ctx, String clientId, String message) {
            seen.add("message " + clientId + " " + message + " " + ctx.session());
            ctx.sendToCurrentClient("re:" + message);
        }

        @Override
        public void onClose(EventContext ctx, String clientId) {
            seen.add("close " + clientId + " " + ctx.session());
        }

        @Override
        public void onWebSocketConnect(EventContext ctx, String clientId, WebSocketRequest request) {
            seen.add("ws " + clientId + " " + request.phpData());
        }

        String take() throws InterruptedException {
            String s = seen.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("handler saw nothing");
            }
            return s;
        }
    }

    @Test
    void subscribesToRegisterAndAuthenticatesAtGateway() throws Exception {
        MockGateway.WorkerLink conn = start(new Recorder(), "s3cr3t/K3y");
        assertEquals("{\"event\":\"worker_connect\",\"secret_key\":\"s3cr3t/K3y\"}", register.takeLine());
        GatewayFrame auth = GatewayFrameCodec.decode(conn.connectFrame().bytes(), GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH);
        assertEquals(GatewayFrame.request(Command.WORKER_CONNECT, 0, GatewayFrame.FLAG_SCALAR, null,
                bytes("{\"worker_key\":\"testWorker:3\",\"secret_key\":\"s3cr3t\\/K3y\"}")), auth);
        assertTrue(worker.awaitConnected(List.of(gateway.address()), Duration.ofSeconds(AWAIT_SECONDS)));
    }

    @Test
    void dispatchesEveryEventKindWithClientData() throws Exception {
        Recorder rec = new Recorder();
        MockGateway.WorkerLink conn = start(rec, "");
        conn.send(event(Command.ON_CONNECT, 1, "", ""));
        assertEquals("connect " + clientId(1) + " 127.0.0.1 8282 {}", rec.take());
        PhpArray wsData = new PhpArray();
        wsData.put("get", PhpArray.listOf("x"));
        conn.send(new GatewayFrame(Command.ON_WEBSOCKET_CONNECT.code(), LOCALHOST, gateway.port(), LOCALHOST, 1, 1,
                0, 8283, null, PhpSerializer.serialize(wsData)));
        assertEquals("ws " + clientId(1) + " {get={0=x}}", rec.take());
        conn.send(event(Command.ON_MESSAGE, 1, "", "hello ünï"));
        assertEquals("message " + clientId(1) + " hello ünï {}", rec.take());
        assertEquals(GatewayFrame.request(Command.SEND_TO_ONE, 1, 1, null, bytes("re:hello ünï")), conn.takeFrame().frame());
        conn.send(event(Command.ON_CLOSE, 1, "a:1:{s:1:\"k\";i:1;}", ""));
        assertEquals("close " + clientId(1) + " {k=1}", rec.take());
    }

    @Test
    void changedSessionIsWrittenBackWholeWithCmd204AfterTheHandler() throws Exception {
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                if (message.startsWith("set ")) {
                    ctx.session().put(message.substring(4), "v");
                }
                ctx.sendToCurrentClient("done");
            }
        }, "");
        conn.send(event(Command.ON_MESSAGE, 7, "a:1:{s:1:\"a\";i:1;}", "set b"));
        assertEquals("done", body(conn.takeFrame().frame()));
        GatewayFrame write = conn.takeFrame().frame();
        assertEquals("0000003ecc00000000000000000000000000000007010000000000226"
                        + "13a323a7b733a313a2261223b693a313b733a313a2262223b733a313a2276223b7d",
                java.util.HexFormat.of().formatHex(GatewayFrameCodec.encode(write)));
        assertEquals("a:2:{s:1:\"a\";i:1;s:1:\"b\";s:1:\"v\";}", new String(write.extData(), StandardCharsets.UTF_8));

        // unchanged session (the one just written): nothing but the reply
        conn.send(event(Command.ON_MESSAGE, 7, "a:2:{s:1:\"a\";i:1;s:1:\"b\";s:1:\"v\";}", "noop"));
        assertEquals("done", body(conn.takeFrame().frame()));
        conn.send(event(Command.ON_MESSAGE, 7, "a:2:{s:1:\"a\";i:1;s:1:\"b\";s:1:\"v\";}", "noop"));
        assertEquals("done", body(conn.takeFrame().frame()));
        assertTrue(conn.pendingFrameCount() == 0, "no session write for an unchanged session");
        assertTrue(gateway.pendingRequestCount() == 0, "no refresh when the session is the one written");
    }

    @Test
    void staleSessionIsFetchedWithCmd203OnANewConnectionBeforeTheHandler() throws Exception {
        Recorder rec = new Recorder();
        MockGateway.WorkerLink conn = start(rec, "k");
        conn.send(event(Command.ON_CONNECT, 2, "", ""));
        rec.take();
        // someone else changed the session: the event's string differs from the last one seen
        gateway.enqueue(MockReply.serialized(bytes("a:1:{s:1:\"x\";s:7:\"fetched\";}")));
        conn.send(event(Command.ON_MESSAGE, 2, "a:1:{s:1:\"x\";s:5:\"event\";}", "m"));
        assertEquals("message " + clientId(2) + " m {x=fetched}", rec.take());
        assertEquals("re:m", body(conn.takeFrame().frame()));

        GatewayFrame auth = CaptureReplayTest.decode(gateway.takeRequest().bytes());
        assertEquals(GatewayFrame.request(Command.GATEWAY_CLIENT_CONNECT, 0, 1, null, bytes("{\"secret_key\":\"k\"}")), auth);
        GatewayFrame fetch = CaptureReplayTest.decode(gateway.takeRequest().bytes());
        assertEquals(GatewayFrame.request(Command.GET_SESSION_BY_CLIENT_ID, 2, 1, null, null), fetch);
        assertEquals(1, gateway.requestConnectionCount());

        // the same string again is not stale any more
        conn.send(event(Command.ON_MESSAGE, 2, "a:1:{s:1:\"x\";s:5:\"event\";}", "m2"));
        assertEquals("message " + clientId(2) + " m2 {x=event}", rec.take());
        assertEquals(1, gateway.requestConnectionCount());
    }

    @Test
    void aPoisonedSessionFromTheRefreshGivesAnEmptySession() throws Exception {
        Recorder rec = new Recorder();
        MockGateway.WorkerLink conn = start(rec, "");
        conn.send(event(Command.ON_CONNECT, 3, "", ""));
        rec.take();
        String poison = "O:8:\"stdClass\":1:{s:1:\"a\";i:1;}";
        gateway.enqueue(MockReply.serialized(bytes(poison)));
        String log = captureStderr(() -> {
            conn.send(event(Command.ON_MESSAGE, 3, poison, "m"));
            assertEquals("message " + clientId(3) + " m {}", rec.take());
        });
        assertEquals(GatewayFrame.request(Command.GET_SESSION_BY_CLIENT_ID, 3, 1, null, null),
                CaptureReplayTest.decode(gateway.takeRequest().bytes()));
        assertTrue(log.contains(clientId(3)), log);
    }

    @Test
    void eventsOfOneClientRunInOrder() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(300);
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                order.add(clientId.substring(12) + ":" + message);
                all.countDown();
            }
        }, "");
        for (int i = 0; i < 100; i++) {
            for (int c = 1; c <= 3; c++) {
                conn.send(event(Command.ON_MESSAGE, c, "", String.valueOf(i)));
            }
        }
        assertTrue(all.await(AWAIT_SECONDS, TimeUnit.SECONDS));
        for (int c = 1; c <= 3; c++) {
            String prefix = String.format("%08x:", c);
            List<String> mine = order.stream().filter(s -> s.startsWith(prefix)).toList();
            for (int i = 0; i < 100; i++) {
                assertEquals(prefix + i, mine.get(i));
            }
        }
    }

    @Test
    void inExecutorModeASlowHandlerDoesNotStallOtherClients() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                if (message.equals("slow")) {
                    try {
                        release.await(AWAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                ctx.sendToCurrentClient(message);
            }
        }, "", 4);
        conn.send(event(Command.ON_MESSAGE, 1, "", "slow"));
        conn.send(event(Command.ON_MESSAGE, 2, "", "fast"));
        GatewayFrame first = conn.takeFrame().frame();
        assertEquals("fast", body(first));
        assertEquals(2, first.connectionId());
        release.countDown();
        assertEquals("slow", body(conn.takeFrame().frame()));
    }

    @Test
    void aFloodOfEventsPausesReadingUntilHandlersCatchUpWithoutLosingAny() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(60);
        worker = BusinessWorker.builder()
                .registerAddress(register.address())
                .handlerThreads(4)
                .maxPendingEvents(4)
                .handler(new EventHandler() {
                    @Override
                    public void onMessage(EventContext ctx, String clientId, String message) {
                        try {
                            release.await(AWAIT_SECONDS, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        seen.add(message);
                        all.countDown();
                    }
                })
                .build()
                .start();
        MockGateway.WorkerLink conn = gateway.takeWorker();
        String log = captureStderr(() -> {
            for (int i = 0; i < 60; i++) {
                conn.send(event(Command.ON_MESSAGE, 1 + i % 2, "", String.valueOf(i)));
            }
            io.gwkit.testkit.Await.until("four events pending", () -> worker.pendingEvents() >= 4);
            release.countDown();
            assertTrue(all.await(AWAIT_SECONDS, TimeUnit.SECONDS), "every event handled after the pause");
        });
        assertTrue(log.contains("pausing reads from gateway"), log);
        assertTrue(log.contains("reading from gateway"), log);
        List<String> odd = seen.stream().filter(m -> Integer.parseInt(m) % 2 == 1).toList();
        for (int i = 0; i < odd.size(); i++) {
            assertEquals(String.valueOf(2 * i + 1), odd.get(i));
        }
    }

    @Test
    void poisonedSessionsGiveAnEmptySessionAndALogLine() throws Exception {
        Recorder rec = new Recorder();
        MockGateway.WorkerLink conn = start(rec, "");
        String[] poisons = {"O:8:\"stdClass\":1:{s:1:\"a\";i:1;}", "C:3:\"Foo\":0:{}", "i:5;", "garbage{",
            "a:1:{s:1:\"o\";O:8:\"stdClass\":0:{}}", "a:99999999:{", "s:10:\"short\";"};
        String log = captureStderr(() -> {
            for (int i = 0; i < poisons.length; i++) {
                // a fresh client each time, so the first event's string is taken as is
                conn.send(event(Command.ON_MESSAGE, 100 + i, poisons[i], "p"));
                assertEquals("message " + clientId(100 + i) + " p {}", rec.take());
                assertEquals("re:p", body(conn.takeFrame().frame()));
            }
        });
        for (int i = 0; i < poisons.length; i++) {
            assertTrue(log.contains(clientId(100 + i)), "log names client " + clientId(100 + i) + ":\n" + log);
        }
        assertTrue(conn.pendingFrameCount() == 0, "an untouched poisoned session is not written back");
    }

    @Test
    void aThrowingHandlerIsLoggedAndContained() throws Exception {
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                ctx.session().put("dirty", 1);
                if (message.equals("boom")) {
                    throw new IllegalStateException("boom in handler");
                }
                ctx.sendToCurrentClient("ok " + message);
            }
        }, "");
        String log = captureStderr(() -> {
            conn.send(event(Command.ON_MESSAGE, 5, "", "boom"));
            conn.send(event(Command.ON_MESSAGE, 6, "", "other"));
            assertEquals("ok other", body(conn.takeFrame().frame()));
            GatewayFrame write6 = conn.takeFrame().frame();
            assertEquals(Command.SET_SESSION.code(), write6.cmd());
            assertEquals(6, write6.connectionId());
            conn.send(event(Command.ON_MESSAGE, 5, "", "after"));
            GatewayFrame reply = conn.takeFrame().frame();
            assertEquals("ok after", body(reply));
            assertEquals(5, reply.connectionId());
            GatewayFrame write5 = conn.takeFrame().frame();
            assertEquals(Command.SET_SESSION.code(), write5.cmd());
            assertEquals(5, write5.connectionId());
        });
        assertTrue(log.contains("boom in handler") && log.contains(clientId(5)), log);
        assertTrue(conn.pendingFrameCount() == 0, "the failed event wrote no session");
    }

    @Test
    void reconnectsToALostGatewayAndResubscribesToARestartedRegister() throws Exception {
        MockGateway.WorkerLink conn = start(new Recorder(), "");
        register.takeLine();
        conn.close();
        MockGateway.WorkerLink again = gateway.takeWorker();
        assertNotSame(conn, again);
        register.dropConnections();
        assertEquals("{\"event\":\"worker_connect\",\"secret_key\":\"\"}", register.takeLine());
    }

    @Test
    void aFailingOnWorkerStartFailsStartAndSubscribesNowhere() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        BusinessWorker w = BusinessWorker.builder()
                .registerAddress(register.address())
                .handler(new EventHandler() {
                    @Override
                    public void onWorkerStart(WorkerContext worker) {
                        throw new IllegalStateException("no config");
                    }

                    @Override
                    public void onWorkerStop(WorkerContext worker) {
                        calls.add("stop");
                    }
                })
                .build();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, w::start);
        assertEquals("no config", e.getMessage());
        assertEquals(List.of(), calls);
        assertTrue(register.pendingLineCount() == 0, "never subscribed");
    }

    @Test
    void pingsARegisterThatIsNotOn127001() throws Exception {
        worker = BusinessWorker.builder()
                .registerAddress("localhost:" + register.port())
                .pingInterval(Duration.ofMillis(50))
                .handler(new Recorder())
                .build()
                .start();
        assertEquals("{\"event\":\"worker_connect\",\"secret_key\":\"\"}", register.takeLine());
        assertEquals("{\"event\":\"ping\"}", register.takeLine());
        assertEquals("{\"event\":\"ping\"}", register.takeLine());
    }

    @Test
    void aMalformedFrameClosesOnlyThatConnectionWhichIsThenReopened() throws Exception {
        Recorder rec = new Recorder();
        MockGateway.WorkerLink conn = start(rec, "");
        String log = captureStderr(() -> {
            conn.send(new byte[] {0, 0, 0, 5, 1});
            MockGateway.WorkerLink again = gateway.takeWorker();
            again.send(event(Command.ON_MESSAGE, 1, "", "still fine"));
            assertEquals("message " + clientId(1) + " still fine {}", rec.take());
        });
        assertTrue(log.contains("closing connection to gateway " + gateway.address()), log);
    }

    @Test
    void closeFinishesReceivedEventsThenCallsOnWorkerStop() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                inHandler.countDown();
                try {
                    release.await(AWAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ctx.sendToCurrentClient("finished " + message);
                calls.add("message " + message);
            }

            @Override
            public void onWorkerStop(WorkerContext w) {
                calls.add("stop");
            }
        }, "");
        conn.send(event(Command.ON_MESSAGE, 1, "", "a"));
        conn.send(event(Command.ON_MESSAGE, 1, "", "b"));
        assertTrue(inHandler.await(AWAIT_SECONDS, TimeUnit.SECONDS));
        Thread closer = new Thread(worker::close);
        closer.start();
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(AWAIT_SECONDS));
        assertFalse(closer.isAlive());
        assertEquals("message a", calls.poll());
        assertEquals("message b", calls.poll());
        assertEquals("stop", calls.poll());
        assertEquals("finished a", body(conn.takeFrame().frame()));
        assertEquals("finished b", body(conn.takeFrame().frame()));
        worker = null;
    }

    interface Body {
        void run() throws Exception;
    }

    /** slf4j-simple writes to System.err as it is at each call. */
    static String captureStderr(Body body) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
