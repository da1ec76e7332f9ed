package io.gwkit.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.client.GatewayClient;
import io.gwkit.cluster.LocalCluster;
import io.gwkit.cluster.TestClients;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LogCapture;
import io.gwkit.testkit.MockGateway;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Poisoned values reaching a Java BusinessWorker (issue #8), from a fake gateway on loopback and, end to end,
 * from a GatewayClient that poisons a session: the worker never instantiates anything, never crashes, runs
 * that one client's handler with an empty session (one log line naming the client_id), and every other
 * client is served as before. A throwing handler is logged with the client_id and the next event runs.
 */
@Tag("socket")
class WorkerPoisonedEventsTest extends WorkerOnMocks {

    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    /** Records "kind clientId session-or-data" and answers messages; throws where told to. */
    private final EventHandler handler = new EventHandler() {
        @Override
        public void onConnect(EventContext ctx, String clientId) {
            seen.add("connect " + clientId + " " + ctx.session());
            if (clientId.endsWith("0000000e")) {
                throw new IllegalStateException("connect failed");
            }
        }

        @Override
        public void onMessage(EventContext ctx, String clientId, String message) {
            seen.add("message " + clientId + " " + message + " " + ctx.session());
            if (message.equals("error")) {
                throw new StackOverflowError("deep handler");
            }
            ctx.sendToCurrentClient("re:" + message);
        }

        @Override
        public void onClose(EventContext ctx, String clientId) {
            seen.add("close " + clientId + " " + ctx.session());
            throw new IllegalArgumentException("close failed");
        }

        @Override
        public void onWebSocketConnect(EventContext ctx, String clientId, WebSocketRequest request) {
            seen.add("ws " + clientId + " " + request.phpData());
        }
    };

    private MockGateway.WorkerLink start() throws Exception {
        worker = BusinessWorker.builder().registerAddress(register.address()).handler(handler).build().start();
        return gateway.takeWorker();
    }

    private GatewayFrame event(Command cmd, long connectionId, int flag, String ext, String body) {
        return new GatewayFrame(cmd.code(), LOCALHOST, gateway.port(), LOCALHOST, 40000, connectionId, flag, 8282,
                ext.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
    }

    private String take() throws InterruptedException {
        String s = seen.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("handler saw nothing");
        }
        return s;
    }

    /** A bystander client with a real session is served normally. */
    private void assertBystanderServed(MockGateway.WorkerLink conn) throws Exception {
        conn.send(event(Command.ON_MESSAGE, 1, GatewayFrame.FLAG_SCALAR, "a:1:{s:1:\"k\";s:1:\"v\";}", "hello"));
        assertEquals("message " + clientId(1) + " hello {k=v}", take());
        assertEquals("re:hello", new String(conn.takeFrame().frame().body(), StandardCharsets.UTF_8));
    }

    @Test
    void deepAndObjectSessionsGiveAnEmptySessionLoggedOncePerClient() throws Exception {
        MockGateway.WorkerLink conn = start();
        List<String> poisons = List.of(
                "a:1:{i:0;".repeat(5_000) + "N;" + "}".repeat(5_000),
                "a:1:{i:0;".repeat(100_000) + "N;" + "}".repeat(100_000),
                "a:1:{i:0;".repeat(10) + "O:8:\"stdClass\":1:{s:1:\"a\";i:1;}" + "}".repeat(10),
                "a:2:{i:0;i:1;i:1;C:11:\"ArrayObject\":21:{x:i:0;a:0:{};m:a:0:{}}}",
                "O:8:\"Exploit\":1:{s:4:\"file\";s:11:\"/etc/passwd\";}",
                "d:1.5;",
                "a:1:{i:0;" + "s:999999999:\"x\";}");
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < poisons.size(); i++) {
                long id = 100 + i;
                conn.send(event(Command.ON_MESSAGE, id, GatewayFrame.FLAG_SCALAR, poisons.get(i), "p" + i));
                assertEquals("message " + clientId(id) + " p" + i + " {}", take());
                assertEquals("re:p" + i, new String(conn.takeFrame().frame().body(), StandardCharsets.UTF_8));
                assertEquals(1, log.lines("WARN", clientId(id)).size(), log.lines("WARN", clientId(id)).toString());
            }
        }
        assertBystanderServed(conn);
        assertTrue(conn.pendingFrameCount() == 0, "no poisoned session was written back");
    }

    @Test
    void poisonedWebSocketRequestDataGivesEmptyData() throws Exception {
        MockGateway.WorkerLink conn = start();
        List<String> poisons = List.of("O:8:\"stdClass\":0:{}", "a:1:{i:0;".repeat(100_000) + "N;"
                + "}".repeat(100_000), "s:4:\"text\";", "garbage");
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < poisons.size(); i++) {
                long id = 200 + i;
                conn.send(event(Command.ON_WEBSOCKET_CONNECT, id, 0, "", poisons.get(i)));
                assertEquals("ws " + clientId(id) + " {}", take());
                assertEquals(1, log.await("WARN", clientId(id)).size());
            }
        }
        assertBystanderServed(conn);
    }

    @Test
    void aFloodOfUnexpectedFramesFromAGatewayIsOneLogLine() throws Exception {
        MockGateway.WorkerLink conn = start();
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 1_000; i++) {
                conn.send(new GatewayFrame(i % 2 == 0 ? 99 : Command.SEND_TO_ALL.code(), LOCALHOST, gateway.port(),
                        LOCALHOST, 40000, 1, GatewayFrame.FLAG_SCALAR, 8282, new byte[0], new byte[0]));
            }
            assertBystanderServed(conn);
            List<String> lines = log.lines("WARN", gateway.address());
            assertEquals(1, lines.size(), lines.toString());
        }
    }

    @Test
    void aThrowingHandlerIsLoggedWithTheClientIdForEveryKindOfEventAndTheNextEventRuns() throws Exception {
        MockGateway.WorkerLink conn = start();
        long id = 14; // onConnect throws for ...0000000e
        try (LogCapture log = new LogCapture()) {
            conn.send(event(Command.ON_CONNECT, id, GatewayFrame.FLAG_SCALAR, "", ""));
            assertEquals("connect " + clientId(id) + " {}", take());
            conn.send(event(Command.ON_MESSAGE, id, GatewayFrame.FLAG_SCALAR, "", "error"));
            assertEquals("message " + clientId(id) + " error {}", take());
            conn.send(event(Command.ON_MESSAGE, id, GatewayFrame.FLAG_SCALAR, "", "after"));
            assertEquals("message " + clientId(id) + " after {}", take());
            assertEquals("re:after", new String(conn.takeFrame().frame().body(), StandardCharsets.UTF_8));
            conn.send(event(Command.ON_CLOSE, id, GatewayFrame.FLAG_SCALAR, "", ""));
            assertEquals("close " + clientId(id) + " {}", take());
            assertBystanderServed(conn);
            List<String> errors = log.lines("ERROR", clientId(id));
            assertEquals(3, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains("ON_CONNECT") && errors.get(1).contains("ON_MESSAGE")
                    && errors.get(2).contains("ON_CLOSE"), errors.toString());
            String text = log.text();
            assertTrue(text.contains("connect failed") && text.contains("deep handler")
                    && text.contains("close failed"), "the exceptions are in the log");
        }
    }

    private static void awaitGatewaySession(LocalCluster cluster, String clientId, String expected)
            throws Exception {
        String inner = cluster.textInnerAddress();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1",
                Integer.parseInt(inner.substring(inner.indexOf(':') + 1)));
        long connectionId = Long.parseLong(clientId.substring(12), 16);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        String session;
        do {
            session = InnerPeer.call(address, "k3y",
                    InnerPeer.request(Command.GET_SESSION_BY_CLIENT_ID, connectionId, "", ""));
        } while (!session.equals(expected) && System.nanoTime() < deadline);
        assertEquals(expected, session);
    }

    @Test
    void aSessionPoisonedThroughTheSdkGivesThatClientAnEmptySessionOnly() throws Exception {
        worker = null; // this test runs its own cluster
        BlockingQueue<String> sessions = new LinkedBlockingQueue<>();
        EventHandler echoSession = new EventHandler() {
            @Override
            public void onMessage(EventContext ctx, String clientId, String message) {
                if (message.equals("set")) {
                    ctx.session().put("mine", clientId);
                }
                sessions.add(clientId + " " + ctx.session());
                ctx.sendToCurrentClient("ok " + message);
            }
        };
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().secretKey("k3y").handler(echoSession)
                .build().start();
             GatewayClient sdk = GatewayClient.builder()
                     .registerAddress("127.0.0.1:" + cluster.registerAddress().getPort()).secretKey("k3y").build();
             TestClients.Text victim = new TestClients.Text(cluster.textAddress());
             TestClients.Text bystander = new TestClients.Text(cluster.textAddress());
             LogCapture log = new LogCapture()) {
            victim.send("set");
            assertEquals("ok set", victim.take());
            String victimId = sessions.poll(AWAIT_SECONDS, TimeUnit.SECONDS).substring(0, 20);
            bystander.send("set");
            assertEquals("ok set", bystander.take());
            String bystanderId = sessions.poll(AWAIT_SECONDS, TimeUnit.SECONDS).substring(0, 20);

            String poison = "O:8:\"Exploit\":1:{s:1:\"x\";i:1;}";
            sdk.invoke("setSocketSession", List.of(victimId, poison));
            awaitGatewaySession(cluster, victimId, poison); // fire and forget: wait until it is applied
            victim.send("after");
            assertEquals("ok after", victim.take());
            assertEquals(victimId + " {}", sessions.poll(AWAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, log.await("WARN", victimId).size(), log.lines("WARN", victimId).toString());

            bystander.send("after");
            assertEquals("ok after", bystander.take());
            assertEquals(bystanderId + " {mine=" + bystanderId + "}", sessions.poll(AWAIT_SECONDS, TimeUnit.SECONDS));
        }
    }
}
