package io.gwkit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.worker.DemoApp;
import io.gwkit.worker.EventContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The whole cluster in one JVM, with real text and websocket clients on loopback. */
@Tag("socket")
class LocalClusterTest {

    private static String welcome(String clientId) {
        return "{\"type\":\"welcome\",\"client_id\":\"" + clientId + "\"}";
    }

    private static String logout(String clientId) {
        return "{\"type\":\"logout\",\"client_id\":\"" + clientId + "\"}";
    }

    /** The client_id a welcome message announces (ids follow the gateway's accept order, not connect order). */
    private static String idOf(String welcome) {
        String prefix = "{\"type\":\"welcome\",\"client_id\":\"";
        assertTrue(welcome.startsWith(prefix), welcome);
        return welcome.substring(prefix.length(), prefix.length() + 20);
    }

    private static String clientId(String innerAddress, int connectionId) {
        int port = Integer.parseInt(innerAddress.substring(innerAddress.indexOf(':') + 1));
        return String.format("7f000001%04x%08x", port, connectionId);
    }

    static void awaitWorkerCount(io.gwkit.gateway.GatewayServer gateway, int count) throws InterruptedException {
        io.gwkit.testkit.Await.value("the gateway's worker count", count, gateway::workerCount);
    }

    @Test
    void textAndWebSocketClientsTalkThroughTheDemoApp() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().secretKey("s3cr3t/K3y").build().start();
             TestClients.Text c1 = new TestClients.Text(cluster.textAddress())) {
            String c1id = clientId(cluster.textInnerAddress(), 1);
            assertEquals(welcome(c1id), c1.take());
            c1.send("bind u1");
            assertEquals("bound u1", c1.take());
            c1.send("join g1");
            assertEquals("joined g1", c1.take());
            c1.send("sess k v w");
            assertEquals("sess ok", c1.take());
            c1.send("  padded  ");
            assertEquals("echo   padded  ", c1.take());

            TestClients.Ws w1 = new TestClients.Ws(cluster.wsAddress(), "/chat?a=1");
            String w1id = clientId(cluster.wsInnerAddress(), 1);
            assertEquals(welcome(w1id), w1.take());
            w1.send("say hello there");
            assertEquals(w1id + " said hello there", w1.take());
            assertEquals(w1id + " said hello there", c1.take());
            w1.send("中文 ✓");
            assertEquals("echo 中文 ✓", w1.take());

            c1.close();
            assertEquals(logout(c1id), w1.take());
            w1.close();
        }
    }

    @Test
    void twoWorkersShareTheClientsAndASurvivorTakesOverWhenOneStops() throws Exception {
        Set<Integer> workersSeen = ConcurrentHashMap.newKeySet();
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().workers(2)
                .handler(() -> new DemoApp() {
                    @Override
                    public void onMessage(EventContext ctx, String clientId, String message) {
                        workersSeen.add(ctx.workerIndex());
                        super.onMessage(ctx, clientId, message);
                    }
                }).build().start();
             TestClients.Text c1 = new TestClients.Text(cluster.textAddress());
             TestClients.Text c2 = new TestClients.Text(cluster.textAddress())) {
            c1.take();
            String c2id = idOf(c2.take());
            TestClients.Ws w1 = new TestClients.Ws(cluster.wsAddress(), "/");
            w1.take();
            for (TestClients.Client c : new TestClients.Client[] {c1, c2, w1}) {
                c.send("ping");
                assertEquals("echo ping", c.take());
            }
            assertEquals(Set.of(0, 1), workersSeen, "least-connections spreads clients over both workers");

            cluster.workers().get(0).close();
            // a message the gateway routed before it saw the connection close would be lost (as with PHP)
            awaitWorkerCount(cluster.textGateway(), 1);
            awaitWorkerCount(cluster.wsGateway(), 1);
            for (TestClients.Client c : new TestClients.Client[] {c1, c2, w1}) {
                c.send("still there?");
                assertEquals("echo still there?", c.take());
            }
            c2.send("say bye");
            assertEquals(c2id + " said bye", c1.take());
            assertEquals(c2id + " said bye", c2.take());
            assertEquals(c2id + " said bye", w1.take());
            w1.close();
        }
    }

    /** The demo app plus "api ..." commands answered through the full GatewayClient API inside the handler. */
    static final class ApiApp extends DemoApp {
        private final java.util.Map<String, io.gwkit.php.PhpArray> upgrades = new ConcurrentHashMap<>();

        @Override
        public void onWebSocketConnect(EventContext ctx, String clientId, io.gwkit.worker.WebSocketRequest request) {
            upgrades.put(clientId, request.phpData());
        }

        @Override
        public void onMessage(EventContext ctx, String clientId, String message) {
            String[] p = message.split(" ");
            if (!p[0].equals("api")) {
                super.onMessage(ctx, clientId, message);
                return;
            }
            switch (p[1]) {
                case "ws":
                    io.gwkit.php.PhpArray data = upgrades.get(p[2]);
                    ctx.sendToCurrentClient("ws " + data.get("get") + " " + ((java.util.Map<?, ?>) data.get("server"))
                            .get("REQUEST_URI"));
                    break;
                case "count":
                    ctx.sendToCurrentClient("count " + ctx.blocking().getAllClientCount());
                    break;
                case "uid":
                    ctx.sendToCurrentClient("uid " + ctx.blocking().getClientIdByUid(p[2]));
                    break;
                case "group":
                    ctx.sendToGroup(p[2], "to group " + p[2]);
                    break;
                case "session":
                    ctx.sendToCurrentClient("session " + ctx.blocking().getSession(p[2]));
                    break;
                case "online":
                    ctx.sendToCurrentClient("online " + ctx.blocking().isOnline(p[2]));
                    break;
                case "kick":
                    ctx.closeClient(p[2], "bye");
                    break;
                default:
                    ctx.destroyCurrentClient();
            }
        }
    }

    @Test
    void handlersUseTheWholeGatewayClientApiOverTheWorkersConnections() throws Exception {
        handlersUseTheWholeApi(LocalCluster.builder());
    }

    /** Also run by {@link SingleThreadedClusterTest} (blocking requests from handlers on the I/O thread). */
    static void handlersUseTheWholeApi(LocalCluster.Builder builder) throws Exception {
        try (LocalCluster cluster = builder.ephemeralPorts().secretKey("k").handler(new ApiApp())
                .build().start();
             TestClients.Text c1 = new TestClients.Text(cluster.textAddress());
             TestClients.Text c2 = new TestClients.Text(cluster.textAddress())) {
            String c1id = idOf(c1.take());
            String c2id = idOf(c2.take());
            TestClients.Ws w1 = new TestClients.Ws(cluster.wsAddress(), "/chat?a=1&b=x+y");
            String w1id = idOf(w1.take());
            w1.send("hi"); // its events run in order: once echoed, onWebSocketConnect has run
            assertEquals("echo hi", w1.take());
            c1.send("api ws " + w1id);
            assertEquals("ws {a=1, b=x y} /chat?a=1&b=x+y", c1.take());
            c1.send("api count");
            assertEquals("count 3", c1.take());
            c2.send("bind u2");
            assertEquals("bound u2", c2.take());
            c1.send("api uid u2");
            assertEquals("uid [" + c2id + "]", c1.take());
            c2.send("sess k v");
            assertEquals("sess ok", c2.take());
            // c2's session write-back (cmd 204) follows "sess ok", and c1's events may run on another thread:
            // ask until the gateway has applied it
            String session = "";
            for (int i = 0; i < 500 && !session.equals("session {k=v}"); i++) {
                Thread.sleep(i == 0 ? 0 : 20);
                c1.send("api session " + c2id);
                session = c1.take();
            }
            assertEquals("session {k=v}", session);
            w1.send("join g");
            assertEquals("joined g", w1.take());
            c1.send("api group g");
            assertEquals("to group g", w1.take());
            c1.send("api online " + c2id);
            assertEquals("online true", c1.take());
            c1.send("api kick " + c2id);
            assertEquals("bye", c2.take());
            assertEquals(logout(c2id), c1.take());
            assertEquals(logout(c2id), w1.take());
            c1.send("api destroy");
            assertEquals(logout(c1id), w1.take());
            w1.close();
        }
    }

    @Test
    void aSessionSetByAGatewayClientIsTheOneTheHandlerExtends() throws Exception {
        aSessionSetElsewhereIsRefetched(LocalCluster.builder());
    }

    /** Also run by {@link SingleThreadedClusterTest} (the cmd 203 refetch blocks the worker's I/O thread). */
    static void aSessionSetElsewhereIsRefetched(LocalCluster.Builder builder) throws Exception {
        try (LocalCluster cluster = builder.ephemeralPorts().secretKey("k").build().start();
             TestClients.Text c1 = new TestClients.Text(cluster.textAddress());
             io.gwkit.client.GatewayClient api = io.gwkit.client.GatewayClient.builder()
                     .registerAddress("127.0.0.1:" + cluster.registerAddress().getPort()).secretKey("k").build()) {
            String c1id = idOf(c1.take());
            c1.send("sess k v1");
            assertEquals("sess ok", c1.take());
            awaitSession(api, c1id, java.util.Map.of("k", "v1")); // the worker's cmd 204 follows "sess ok"
            api.setSession(c1id, java.util.Map.of("other", "x"));
            // writes complete on write: the gateway applies them on its own schedule
            awaitSession(api, c1id, java.util.Map.of("other", "x"));
            c1.send("sess k2 v2"); // stale for the worker: refetched (cmd 203), then k2 added
            assertEquals("sess ok", c1.take());
            awaitSession(api, c1id, java.util.Map.of("other", "x", "k2", "v2")); // cmd 204 follows "sess ok"
        }
    }

    @Test
    void aPortInUseFailsTheStartNamingThePortsAndLeavesNothingRunning() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            LocalCluster cluster = LocalCluster.builder().ephemeralPorts().wsPort(taken.getLocalPort()).build();
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    cluster::start);
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + " for gateway websocket's websocket clients: address already in use"), e.getMessage());
            assertEquals(java.util.List.of(), cluster.register().gatewayAddresses(), "register stopped");
        }
    }

    private static void awaitSession(io.gwkit.client.GatewayClient api, String clientId, java.util.Map<String, ?> expected)
            throws InterruptedException {
        io.gwkit.testkit.Await.value("the session of " + clientId, expected, () -> api.getSession(clientId));
    }

    @Test
    void innerListenerCanBindOnePortWhileAnnouncingAnother() throws Exception {
        // no proxy in between here: announce the port the listener binds, chosen by binding it first
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().textInner(port, port).build().start();
             TestClients.Text c1 = new TestClients.Text(cluster.textAddress())) {
            assertEquals("127.0.0.1:" + port, cluster.textInnerAddress());
            assertEquals(welcome(clientId("127.0.0.1:" + port, 1)), c1.take());
            assertTrue(cluster.textGateway().workerCount() == 1);
        }
    }
}
