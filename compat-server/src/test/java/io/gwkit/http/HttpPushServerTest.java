package io.gwkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.client.GatewayClient;
import io.gwkit.client.PhpMethod;
import io.gwkit.cluster.LocalCluster;
import io.gwkit.cluster.TestClients;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.worker.EventContext;
import io.gwkit.worker.EventHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The HTTP push API called with OkHttp in front of a real embedded cluster. */
@Tag("socket")
class HttpPushServerTest {

    static final String TOKEN = "t0k3n";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final OkHttpClient HTTP = new OkHttpClient();

    private static Fixture shared;
    private static LocalCluster cluster;
    private static GatewayClient sdk;
    private static String base;

    /** A cluster whose handler only welcomes clients, a pooled SDK client and the HTTP API in front of it. */
    static final class Fixture implements AutoCloseable {
        final LocalCluster cluster;
        final GatewayClient sdk;
        final HttpPushServer server;
        final String base;

        Fixture() throws Exception {
            cluster = LocalCluster.builder().ephemeralPorts().secretKey("k").handler(new EventHandler() {
                @Override
                public void onConnect(EventContext ctx, String clientId) {
                    ctx.sendToClient(clientId, "{\"type\":\"welcome\",\"client_id\":\"" + clientId + "\"}");
                }
            }).build().start();
            sdk = GatewayClient.builder().registerAddress("127.0.0.1:" + cluster.registerAddress().getPort())
                    .secretKey("k").build();
            server = HttpPushServer.builder().listen("127.0.0.1", 0).client(sdk).token(TOKEN).maxBodyBytes(4096)
                    .build();
            InetSocketAddress bound = server.start();
            base = "http://127.0.0.1:" + bound.getPort();
        }

        @Override
        public void close() {
            server.close();
            sdk.close();
            cluster.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        shared = new Fixture();
        cluster = shared.cluster;
        sdk = shared.sdk;
        base = shared.base;
    }

    @AfterAll
    static void stop() {
        if (shared != null) {
            shared.close();
        }
    }

    static final class Reply {
        final int code;
        final String body;

        Reply(int code, String body) {
            this.code = code;
            this.body = body;
        }

        @Override
        public String toString() {
            return code + " " + body;
        }
    }

    private static Reply post(String method, String json, String token) throws IOException {
        return post(base, method, json, token);
    }

    private static Reply post(String base, String method, String json, String token) throws IOException {
        Request.Builder req = new Request.Builder().url(base + "/v1/" + method).post(RequestBody.create(json, JSON));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        try (Response r = HTTP.newCall(req.build()).execute()) {
            return new Reply(r.code(), r.body().string());
        }
    }

    private static Reply post(String method, String json) throws IOException {
        return post(method, json, TOKEN);
    }

    private static String idOf(String welcome) {
        String prefix = "{\"type\":\"welcome\",\"client_id\":\"";
        assertTrue(welcome.startsWith(prefix), welcome);
        return welcome.substring(prefix.length(), prefix.length() + 20);
    }

    /** The error code of an error body. */
    private static String error(Reply r) {
        return (String) ((PhpArray) PhpJson.decode(r.body)).get("error");
    }

    @Test
    void everyMethodThroughHttp() throws Exception {
        try (Fixture own = new Fixture(); // counts must see only this test's clients
             TestClients.Text a = new TestClients.Text(own.cluster.textAddress());
             TestClients.Text b = new TestClients.Text(own.cluster.textAddress())) {
            String aid = idOf(a.take());
            String bid = idOf(b.take());
            Set<String> covered = new TreeSet<>();
            List<String> failures = new ArrayList<>();
            // method, body, expected status, expected body (null: not checked here)
            Object[][] table = {
                {"bindUid", "{\"client_id\":\"A\",\"uid\":\"u1\"}", 200, null},
                {"joinGroup", "{\"client_id\":\"A\",\"group\":\"g1\"}", 200, null},
                {"joinGroup", "{\"client_id\":\"B\",\"group\":\"g1\"}", 200, null},
                {"joinGroup", "{\"client_id\":\"B\",\"group\":\"g2\"}", 200, null},
                {"setSession", "{\"client_id\":\"A\",\"session\":{\"name\":\"ann\",\"n\":1}}", 200, null},
                {"updateSession", "{\"client_id\":\"A\",\"session\":{\"n\":2}}", 200, null},
                {"setSocketSession", "{\"client_id\":\"B\",\"session_str\":\"a:1:{s:1:\\\"k\\\";s:1:\\\"v\\\";}\"}",
                    200, null},
                {"getSession", "{\"client_id\":\"A\"}", 200, "{\"name\":\"ann\",\"n\":2}"},
                {"getSession", "{\"client_id\":\"B\"}", 200, "{\"k\":\"v\"}"},
                {"isOnline", "{\"client_id\":\"A\"}", 200, "1"},
                {"isUidOnline", "{\"uid\":\"u1\"}", 200, "1"},
                {"isUidsOnline", "{\"uids\":[\"u1\",\"nobody\"]}", 200, "{\"u1\":1,\"nobody\":0}"},
                {"getUidByClientId", "{\"client_id\":\"A\"}", 200, "\"u1\""},
                {"getClientIdByUid", "{\"uid\":\"u1\"}", 200, "[\"A\"]"},
                {"batchGetClientIdByUid", "{\"uids\":[\"u1\"]}", 200, "{\"u1\":[\"A\"]}"},
                {"getAllUidCount", "", 200, "1"},
                {"getAllUidList", "{}", 200, null},
                {"getUidListByGroup", "{\"group\":\"g1\"}", 200, null},
                {"getUidCountByGroup", "{\"group\":\"g1\"}", 200, "1"},
                {"getAllClientIdCount", "{}", 200, "2"},
                {"getAllClientCount", "{}", 200, "2"},
                {"getClientIdCountByGroup", "{\"group\":\"g1\"}", 200, "2"},
                {"getClientCountByGroup", "{\"group\":\"g2\"}", 200, "1"},
                {"batchGetClientIdCountByGroup", "{\"groups\":[\"g1\",\"g2\"]}", 200, "{\"g1\":2,\"g2\":1}"},
                {"getClientIdListByGroup", "{\"group\":\"g2\"}", 200, "{\"B\":\"B\"}"},
                {"getAllClientIdList", "{}", 200, null},
                {"getAllGroupIdList", "{}", 200, null},
                {"getAllGroupUidCount", "{}", 200, null},
                {"getAllGroupUidList", "{}", 200, null},
                {"getAllGroupClientIdList", "{}", 200, null},
                {"getAllGroupClientIdCount", "{}", 200, "{\"g1\":2,\"g2\":1}"},
                {"getAllClientSessions", "{}", 200, null},
                {"getAllClientInfo", "{}", 200, null},
                {"getClientSessionsByGroup", "{\"group\":\"g2\"}", 200, "{\"B\":{\"k\":\"v\"}}"},
                {"getClientInfoByGroup", "{\"group\":\"g2\"}", 200, null},
                {"sendToClient", "{\"client_id\":\"A\",\"message\":\"m1\"}", 200, null},
                {"sendToUid", "{\"uid\":\"u1\",\"message\":\"m2\"}", 200, null},
                {"sendToGroup", "{\"group\":\"g1\",\"message\":\"m3\",\"exclude_client_id\":[\"B\"]}", 200, null},
                {"sendToAll", "{\"message\":\"m4\",\"client_id_array\":[\"A\"]}", 200, null},
                {"unbindUid", "{\"client_id\":\"A\",\"uid\":\"u1\"}", 200, null},
                {"isUidOnline", "{\"uid\":\"u1\"}", 200, "0"},
                {"leaveGroup", "{\"client_id\":\"A\",\"group\":\"g1\"}", 200, null},
                {"getClientIdCountByGroup", "{\"group\":\"g1\"}", 200, "1"},
                {"ungroup", "{\"group\":\"g2\"}", 200, null},
                {"destoryCurrentClient", "{}", 400, null},
                {"closeClient", "{\"client_id\":\"B\",\"message\":\"bye\"}", 200, null},
                {"destoryClient", "{\"client_id\":\"A\"}", 200, null},
            };
            for (Object[] row : table) {
                String method = (String) row[0];
                covered.add(method);
                Reply r = post(own.base, method, ((String) row[1]).replace("\"A\"", "\"" + aid + "\"")
                        .replace("\"B\"", "\"" + bid + "\""), TOKEN);
                String expected = row[3] == null ? null
                        : ((String) row[3]).replace("A", aid).replace("\"B\"", "\"" + bid + "\"");
                if (r.code != (int) row[2] || (expected != null && !expected.equals(r.body))) {
                    failures.add(method + " " + row[1] + " -> " + r + (expected != null ? ", expected " + expected : ""));
                }
                if (method.equals("sendToAll")) {
                    // every send so far reached A, in order; B got nothing but was in g1 (excluded)
                    assertEquals("m1", a.take());
                    assertEquals("m2", a.take());
                    assertEquals("m3", a.take());
                    assertEquals("m4", a.take());
                }
            }
            assertEquals(List.of(), failures);
            assertEquals("bye", b.take()); // B's first message: excluded from m3, not addressed by m1, m2, m4
            for (PhpMethod m : PhpMethod.values()) {
                assertTrue(covered.contains(m.phpName()), "table misses " + m.phpName());
            }
        }
    }

    @Test
    void resultsAreWhatTheSdkReturnsAsPhpJson() throws Exception {
        try (TestClients.Text a = new TestClients.Text(cluster.textAddress())) {
            String aid = idOf(a.take());
            sdk.joinGroup(aid, "cmp/é");
            // joinGroup is fire-and-forget on the SDK's own connection; the HTTP server queries over another
            // one, so wait until the gateway has applied it before comparing the two answers
            io.gwkit.testkit.Await.until("the gateway applied joinGroup", () -> sdk.getClientCountByGroup("cmp/é") == 1);
            Reply r = post("getAllGroupClientIdList", "{}");
            assertEquals(200, r.code);
            assertEquals(PhpJson.encode(sdk.invoke("getAllGroupClientIdList", List.of())), r.body);
            assertTrue(r.body.contains("cmp\\/\\u00e9"), r.body); // PHP's json_encode escaping
        }
    }

    @Test
    void missingOrWrongTokenIs401() throws Exception {
        Reply none = post("getAllClientIdCount", "{}", null);
        assertEquals(401, none.code);
        assertEquals("unauthorized", error(none));
        assertEquals(401, post("getAllClientIdCount", "{}", "wrong").code);
        assertEquals(200, post("getAllClientIdCount", "{}", TOKEN).code);
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        try (Response r = HTTP.newCall(new Request.Builder().url(base + "/v1/health").build()).execute()) {
            assertEquals(200, r.code());
            assertEquals("{\"status\":\"ok\"}", r.body().string());
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TestClients.AWAIT_SECONDS));
            s.getOutputStream().write("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII); // ends at close
            assertTrue(all.startsWith("HTTP/1.1 200 OK\r\n"), all);
            assertTrue(all.endsWith("\r\n\r\n{\"status\":\"ok\"}"), all);
        }
    }

    @Test
    void closeEndsKeptAliveConnections() throws Exception {
        HttpPushServer own = HttpPushServer.builder().listen("127.0.0.1", 0).client(sdk).token(TOKEN).build();
        int port = own.start().getPort();
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TestClients.AWAIT_SECONDS));
            s.getOutputStream().write("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = s.getInputStream();
            byte[] first = new byte[17];
            assertEquals(17, in.readNBytes(first, 0, 17));
            assertEquals("HTTP/1.1 200 OK\r\n", new String(first, StandardCharsets.US_ASCII));
            own.close();
            in.readAllBytes(); // returns only when the server closed the kept-alive connection
        } finally {
            own.close();
        }
    }

    @Test
    void badJsonIs400() throws Exception {
        Reply r = post("sendToAll", "{\"message\":");
        assertEquals(400, r.code);
        assertEquals("bad_json", error(r));
        Reply list = post("sendToAll", "[\"hello\"]");
        assertEquals(400, list.code);
        assertEquals("invalid_argument", error(list));
    }

    @Test
    void missingAndUnknownArgumentsAre400NamingThem() throws Exception {
        Reply missing = post("sendToClient", "{\"message\":\"x\"}");
        assertEquals(400, missing.code);
        assertTrue(missing.body.contains("client_id"), missing.body);
        Reply unknown = post("sendToUid", "{\"uid\":\"u\",\"message\":\"x\",\"colour\":\"red\"}");
        assertEquals(400, unknown.code);
        assertTrue(unknown.body.contains("colour"), unknown.body);
    }

    @Test
    void aMessageThatIsNotAStringIs400() throws Exception {
        for (String message : new String[] {"{\"type\":\"chat\"}", "[1]", "42", "true", "null"}) {
            Reply r = post("sendToGroup", "{\"group\":\"g1\",\"message\":" + message + "}");
            assertEquals(400, r.code, message + ": " + r.body);
            assertEquals("invalid_argument", error(r));
            assertTrue(r.body.contains("$message must be a string"), r.body);
        }
        assertEquals(200, post("sendToGroup", "{\"group\":\"g1\",\"message\":\"{\\\"type\\\":1}\"}").code);
    }

    @Test
    void invalidClientIdIs400() throws Exception {
        Reply r = post("sendToClient", "{\"client_id\":\"not-a-client-id\",\"message\":\"x\"}");
        assertEquals(400, r.code, r.body);
        assertEquals("invalid_client_id", error(r));
    }

    @Test
    void unknownMethodIs404() throws Exception {
        Reply r = post("sendToMars", "{}");
        assertEquals(404, r.code);
        assertEquals("unknown_method", error(r));
        assertEquals(404, post("", "{}").code);
    }

    @Test
    void tooLargeBodyIs413() throws Exception {
        Reply r = post("sendToAll", "{\"message\":\"" + "x".repeat(5000) + "\"}");
        assertEquals(413, r.code);
    }

    @Test
    void anUnlistedGatewayIs502WithoutItsAddress() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String clientId = String.format("7f000001%04x%08x", closedPort, 1);
        Reply r = post("isOnline", "{\"client_id\":\"" + clientId + "\"}");
        assertEquals(502, r.code, r.body);
        assertEquals("gateway_unavailable", error(r));
        assertFalse(r.body.contains(String.valueOf(closedPort)), r.body); // no internal address to callers
    }

    @Test
    void unreachableRegisterIs502WithoutItsAddress() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (GatewayClient lost = GatewayClient.builder().registerAddress("127.0.0.1:" + closedPort).build()) {
            HttpPushServer alone = HttpPushServer.builder().listen("127.0.0.1", 0).client(lost).token(TOKEN).build();
            try {
                String url = "http://127.0.0.1:" + alone.start().getPort();
                Reply r = post(url, "getAllClientIdCount", "{}", TOKEN);
                assertEquals(502, r.code, r.body);
                assertEquals("register_unavailable", error(r));
                assertFalse(r.body.contains(String.valueOf(closedPort)), r.body);
            } finally {
                alone.close();
            }
        }
    }
}
