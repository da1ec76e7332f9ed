package io.gwkit.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testkit.MockGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The application model of a worker against a fake register and gateway on loopback: PHP's one-event-at-a-time
 * default, timers, processTimeout, the current client's live session, typed handshake data, configuration.
 */
@Tag("socket")
class WorkerAppModelTest extends WorkerOnMocks {

    private MockGateway.WorkerLink start(EventHandler handler, Duration processTimeout) throws Exception {
        worker = BusinessWorker.builder()
                .registerAddress(register.address())
                .processTimeout(processTimeout)
                .config(AppConfig.of(Map.of("greeting", "hi"), Map.of()))
                .handler(handler)
                .build()
                .start();
        return gateway.takeWorker();
    }

    private GatewayFrame message(long connectionId, String body) {
        return event(Command.ON_MESSAGE, connectionId, GatewayFrame.FLAG_SCALAR, new byte[0], bytes(body));
    }

    @Test
    void byDefaultOneEventAtATimeOnOneThreadAndTimersBetweenThem() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(41);
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                threads.add(Thread.currentThread().getName());
                if (message.equals("0")) {
                    ctx.addTimer(Duration.ofMillis(5), false, () -> {
                        threads.add(Thread.currentThread().getName());
                        done.countDown();
                    });
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inside.decrementAndGet();
                done.countDown();
            }
        }, Duration.ZERO);
        for (int i = 0; i < 40; i++) {
            conn.send(message(1 + i % 4, String.valueOf(i)));
        }
        assertTrue(done.await(AWAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, maxInside.get());
        assertEquals(1, threads.size(), threads.toString());
    }

    @Test
    void everySendOfTheContextReturnsAtOnceAndReachesTheGatewayInCallOrder() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                String other = gateway.clientId(9);
                byte[] bytes = {1, 2};
                ctx.sendToAll("a");
                ctx.sendToAll(bytes);
                ctx.sendToAll("a", List.of(other), null, false);
                ctx.sendToAll(bytes, null, List.of(other), true);
                ctx.sendToClient(other, "c");
                ctx.sendToClient(other, bytes);
                ctx.sendToClient(other, bytes, true);
                ctx.sendBinaryToClient(other, bytes);
                ctx.sendToUid("u1", "u");
                ctx.sendToUid("u1", bytes);
                ctx.sendToUid(List.of("u1", "u2"), "u");
                ctx.sendToUid(List.of("u1"), bytes);
                ctx.sendToGroup("g", "g");
                ctx.sendToGroup("g", bytes);
                ctx.sendToGroup(List.of("g", "h"), "g", List.of(other), false);
                ctx.sendToGroup(List.of("g"), bytes, null, true);
                ctx.bindUid(other, "u1");
                ctx.unbindUid(other, "u1");
                ctx.joinGroup(other, "g");
                ctx.leaveGroup(other, "g");
                ctx.ungroup("g");
                ctx.setSession(other, Map.of("k", "v"));
                ctx.updateSession(other, Map.of("k", "w"));
                ctx.closeClient(other);
                ctx.closeClient(other, "bye");
                ctx.closeClient(other, bytes);
                ctx.destroyClient(other);
                ctx.sendToCurrentClient("me");
                ctx.sendToCurrentClient(bytes);
                ctx.sendToCurrentClient(bytes, true);
                ctx.sendBinaryToCurrentClient(bytes);
                ctx.closeCurrentClient();
                ctx.closeCurrentClient("bye");
                ctx.destroyCurrentClient();
                done.countDown();
            }
        }, Duration.ZERO);
        conn.send(message(1, "go"));
        assertTrue(done.await(AWAIT_SECONDS, TimeUnit.SECONDS));
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < 34; i++) {
            GatewayFrame f = conn.takeFrame().frame();
            commands.add(f.command() + (f.isBinary() ? "+binary" : "") + (f.isRaw() ? "+raw" : ""));
        }
        assertEquals(List.of("SEND_TO_ALL", "SEND_TO_ALL", "SEND_TO_ALL", "SEND_TO_ALL+raw",
                "SEND_TO_ONE", "SEND_TO_ONE", "SEND_TO_ONE+raw", "SEND_TO_ONE+binary",
                "SEND_TO_UID", "SEND_TO_UID", "SEND_TO_UID", "SEND_TO_UID",
                "SEND_TO_GROUP", "SEND_TO_GROUP", "SEND_TO_GROUP", "SEND_TO_GROUP+raw",
                "BIND_UID", "UNBIND_UID", "JOIN_GROUP", "LEAVE_GROUP", "UNGROUP", "SET_SESSION", "UPDATE_SESSION",
                "KICK", "KICK", "KICK", "DESTROY",
                "SEND_TO_ONE", "SEND_TO_ONE", "SEND_TO_ONE+raw", "SEND_TO_ONE+binary", "KICK", "KICK", "DESTROY"),
                commands);
        assertEquals(0, gateway.pendingRequestCount(), "no send opened a request connection");
    }

    @Test
    void timersRunOnceOrRepeatUntilCancelledAndAFailingOneIsLoggedNotFatal() throws Exception {
        BlockingQueue<String> runs = new LinkedBlockingQueue<>();
        List<WorkerTimer> timers = Collections.synchronizedList(new ArrayList<>());
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                switch (message) {
                    case "remind" -> ctx.addTimer(Duration.ofMillis(50), false,
                            () -> ctx.sendToClient(clientId, "reminder " + ctx.config().get("greeting")));
                    case "tick" -> {
                        AtomicInteger n = new AtomicInteger();
                        timers.add(ctx.addTimer(Duration.ofMillis(10), true, () -> {
                            runs.add("tick " + n.incrementAndGet());
                            if (n.get() == 3) {
                                assertTrue(timers.get(0).cancel());
                            }
                        }));
                    }
                    default -> ctx.addTimer(Duration.ofMillis(10), true, () -> {
                        runs.add("boom");
                        throw new IllegalStateException("timer failure");
                    });
                }
            }
        }, Duration.ZERO);
        long sent = System.nanoTime();
        conn.send(message(1, "remind"));
        assertEquals("reminder hi", body(conn.takeFrame().frame()));
        assertTrue(System.nanoTime() - sent >= TimeUnit.MILLISECONDS.toNanos(50));

        conn.send(message(1, "tick"));
        for (int i = 1; i <= 3; i++) {
            assertEquals("tick " + i, runs.poll(AWAIT_SECONDS, TimeUnit.SECONDS));
        }
        assertEquals(null, runs.poll(100, TimeUnit.MILLISECONDS));
        assertFalse(timers.get(0).isActive());
        assertFalse(timers.get(0).cancel());

        String log = BusinessWorkerTest.captureStderr(() -> {
            conn.send(message(1, "boom"));
            assertEquals("boom", runs.poll(AWAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals("boom", runs.poll(AWAIT_SECONDS, TimeUnit.SECONDS)); // it keeps running
        });
        assertTrue(log.contains("timer failure"), log);
        conn.send(message(1, "remind")); // the worker still handles events
        assertEquals("reminder hi", body(conn.takeFrame().frame()));
    }

    @Test
    void anEventOverProcessTimeoutIsLoggedWithItsClientAndStack() throws Exception {
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                try {
                    Thread.sleep(600);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ctx.sendToCurrentClient("done");
            }
        }, Duration.ofMillis(100));
        String log = BusinessWorkerTest.captureStderr(() -> {
            conn.send(message(7, "slow"));
            assertEquals("done", body(conn.takeFrame().frame()));
        });
        assertTrue(log.contains("onMessage for client " + gateway.clientId(7) + " has run for over 100 ms "
                + "(processTimeout)"), log);
        assertTrue(log.contains("java.lang.Thread.sleep"), log);
        assertTrue(log.contains("WorkerAppModelTest"), log);
        assertTrue(log.contains("onMessage for client " + gateway.clientId(7) + " finished after"), log);
    }

    @Test
    void sessionChangesOfTheCurrentClientAreLiveAndNotLostByTheWriteBack() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                if (message.equals("set")) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("n", 1); // Integer: becomes a Long, as PHP's int reads back
                    s.put("list", List.of("a", "b"));
                    ctx.setSession(s);
                    seen.add(ctx.session().get("n").getClass().getSimpleName() + " "
                            + ctx.session().get("list").getClass().getSimpleName());
                    return;
                }
                ctx.updateSession(clientId, Map.of("room", "lobby"));
                seen.add(String.valueOf(ctx.session().get("room")));
                ctx.session().put("other", "x");
            }
        }, Duration.ZERO);
        byte[] old = PhpSerializer.serialize(Map.of("keep", "k"));
        conn.send(event(Command.ON_MESSAGE, 2, GatewayFrame.FLAG_SCALAR, old, bytes("update")));
        assertEquals("lobby", seen.poll(AWAIT_SECONDS, TimeUnit.SECONDS));
        GatewayFrame update = conn.takeFrame().frame();
        assertEquals(Command.UPDATE_SESSION, update.command());
        GatewayFrame writeBack = conn.takeFrame().frame();
        assertEquals(Command.SET_SESSION, writeBack.command());
        PhpArray written = (PhpArray) PhpSerializer.unserialize(writeBack.extData()); // cmd 204 carries it there
        assertEquals("{keep=k, room=lobby, other=x}", written.toString()); // the update is not lost

        conn.send(event(Command.ON_MESSAGE, 3, GatewayFrame.FLAG_SCALAR, new byte[0], bytes("set")));
        assertEquals("Long PhpArray", seen.poll(AWAIT_SECONDS, TimeUnit.SECONDS));
        GatewayFrame set = conn.takeFrame().frame();
        assertEquals(Command.SET_SESSION, set.command());
        assertEquals(0, conn.pendingFrameCount(), "no second write-back of what setSession sent");
    }

    @Test
    void sessionValuesSurviveARoundTripByTheDocumentedTable() throws Exception {
        BlockingQueue<PhpArray> seen = new LinkedBlockingQueue<>();
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                if (message.equals("write")) {
                    PhpArray s = ctx.session();
                    s.put("int", 7);                       // Integer → int → Long
                    s.put("long", Long.MIN_VALUE);
                    s.put("float", 1.5f);                  // Float → float → Double
                    s.put("double", 0.1);
                    s.put("bool", true);
                    s.put("null", null);
                    s.put("text", "héllo");
                    s.put("bytes", new byte[] {(byte) 0xff, 0}); // not UTF-8 → PhpBytes
                    s.put("list", List.of(1, "two"));       // List → array → PhpArray
                    s.put("map", Map.of("k", 2));           // Map → array → PhpArray
                } else {
                    seen.add(ctx.session().deepCopy());
                }
            }
        }, Duration.ZERO);
        conn.send(message(5, "write"));
        GatewayFrame written = conn.takeFrame().frame();
        assertEquals(Command.SET_SESSION, written.command());
        conn.send(event(Command.ON_MESSAGE, 5, GatewayFrame.FLAG_SCALAR, written.extData(), bytes("read")));
        PhpArray back = seen.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(back);
        assertEquals(7L, back.get("int"));
        assertEquals(Long.MIN_VALUE, back.get("long"));
        assertEquals(1.5, back.get("float"));
        assertEquals(0.1, back.get("double"));
        assertEquals(Boolean.TRUE, back.get("bool"));
        assertTrue(back.containsKey("null") && back.get("null") == null);
        assertEquals("héllo", back.get("text"));
        assertEquals(new io.gwkit.php.PhpBytes(new byte[] {(byte) 0xff, 0}), back.get("bytes"));
        assertEquals(PhpArray.listOf(1L, "two"), back.get("list"));
        assertEquals(PhpArray.of(Map.of("k", 2L)), back.get("map"));
        assertEquals(0, conn.pendingFrameCount(), "an unchanged session is not written back");
    }

    @Test
    void sessionQueriesSeeTheCurrentClientsLiveSession() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                ctx.session().put("live", "yes");
                seen.add(String.valueOf(message.equals("all") ? ctx.blocking().getAllClientSessions()
                        : ctx.blocking().getClientSessionsByGroup("g")));
            }
        }, Duration.ZERO);
        for (String which : List.of("all", "group")) {
            long id = which.equals("all") ? 2 : 3; // a fresh client each: no stale-session fetch before the query
            PhpArray reply = new PhpArray();
            reply.put(id, PhpSerializer.serializeToString(Map.of("stale", "s")));
            reply.put(9L, PhpSerializer.serializeToString(Map.of("other", "o")));
            gateway.enqueue(io.gwkit.testkit.MockReply.value(reply));
            conn.send(message(id, which));
            assertEquals("{" + gateway.clientId(id) + "={live=yes}, " + gateway.clientId(9) + "={other=o}}",
                    seen.poll(AWAIT_SECONDS, TimeUnit.SECONDS), which);
            assertEquals(which.equals("all") ? Command.GET_ALL_CLIENT_SESSIONS : Command.GET_CLIENT_SESSIONS_BY_GROUP,
                    gateway.takeRequest().frame().command());
        }
    }

    @Test
    void handshakeDataIsTyped() throws Exception {
        BlockingQueue<WebSocketRequest> seen = new LinkedBlockingQueue<>();
        MockGateway.WorkerLink conn = start(new EventHandler() {
            @Override
            public void onWebSocketConnect(EventContext ctx, String clientId, WebSocketRequest request) {
                seen.add(request);
            }
        }, Duration.ZERO);
        PhpArray server = new PhpArray();
        server.put("REQUEST_METHOD", "GET");
        server.put("REQUEST_URI", "/chat?token=u-ann&tags[]=x");
        server.put("SERVER_PROTOCOL", "HTTP/1.1");
        server.put("HTTP_HOST", "example.com:8283");
        server.put("HTTP_SEC_WEBSOCKET_PROTOCOL", "gw.chat.v1");
        server.put("HTTP_COOKIE", "sid=abc");
        server.put("QUERY_STRING", "token=u-ann&tags[]=x");
        PhpArray get = new PhpArray();
        get.put("token", "u-ann");
        get.put("tags", PhpArray.listOf("x"));
        PhpArray data = new PhpArray();
        data.put("get", get);
        data.put("server", server);
        data.put("cookie", PhpArray.of(Map.of("sid", "abc")));
        conn.send(event(Command.ON_WEBSOCKET_CONNECT, 4, 0, new byte[0], PhpSerializer.serialize(data)));
        WebSocketRequest r = seen.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(r);
        assertEquals("GET", r.method());
        assertEquals("/chat", r.path());
        assertEquals("u-ann", r.queryParameter("token"));
        assertEquals(null, r.queryParameter("tags"));
        assertEquals(PhpArray.listOf("x"), r.query().get("tags"));
        assertEquals("gw.chat.v1", r.header("Sec-WebSocket-Protocol"));
        assertEquals("example.com:8283", r.headers().get("host"));
        assertEquals("abc", r.cookie("sid"));
        assertEquals("127.0.0.1", r.remoteAddress()); // no REMOTE_ADDR: the event's client address
        assertEquals(40004, r.remotePort());
        assertEquals(data, r.phpData());

        server.put("REMOTE_ADDR", "10.1.2.3");
        server.put("REMOTE_PORT", "5555");
        WebSocketRequest withAddress = WebSocketRequest.of(data, "127.0.0.1", 1);
        assertEquals("10.1.2.3", withAddress.remoteAddress());
        assertEquals(5555, withAddress.remotePort());
    }

    @Test
    void configReadsTheFileOverriddenByTheEnvironment() {
        AppConfig c = AppConfig.of(Map.of("db.url", "file", "db.pool-size", "4", "name", "n"),
                Map.of("DB_URL", "env", "ONLY_ENV", "e"));
        assertEquals("env", c.get("db.url"));
        assertEquals(4, c.getInt("db.pool-size", 1));
        assertEquals("e", c.get("only.env"));
        assertEquals("fallback", c.get("missing", "fallback"));
        assertEquals("DB_POOL_SIZE", AppConfig.envName("db.pool-size"));
        try {
            c.require("missing.key");
            throw new AssertionError("no exception");
        } catch (java.util.NoSuchElementException e) {
            assertTrue(e.getMessage().contains("MISSING_KEY"), e.getMessage());
        }
        assertEquals("AppConfig[db.pool-size, db.url, name]", c.toString());
    }
}
