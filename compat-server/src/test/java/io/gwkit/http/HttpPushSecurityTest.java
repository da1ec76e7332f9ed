package io.gwkit.http;

import static io.gwkit.http.HttpPushServerTest.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.client.GatewayClient;
import io.gwkit.cluster.TestClients;
import io.gwkit.http.internal.PushApiHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The push API's secure defaults (issue 16, item 4), on raw sockets so every header is the test's own. */
@Tag("socket")
class HttpPushSecurityTest {

    private static HttpPushServerTest.Fixture fx;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        fx = new HttpPushServerTest.Fixture();
        port = Integer.parseInt(fx.base.substring(fx.base.lastIndexOf(':') + 1));
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    /** Sends {@code raw} and reads until the server closes (or, with {@code responses}, that many heads). */
    private static String exchange(String raw, int responses) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TestClients.AWAIT_SECONDS));
            s.getOutputStream().write(raw.getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int b;
            while ((responses == 0 || count(got.toString(StandardCharsets.UTF_8)) < responses
                    || !complete(got.toString(StandardCharsets.UTF_8))) && (b = in.read()) >= 0) {
                got.write(b);
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    private static int count(String text) {
        return text.split("HTTP/1\\.1 ", -1).length - 1;
    }

    /** The last response's body is complete (every response here has a JSON body ending in } or a digit). */
    private static boolean complete(String text) {
        int start = text.lastIndexOf("HTTP/1.1 ");
        int head = start < 0 ? -1 : text.indexOf("\r\n\r\n", start);
        if (head < 0) {
            return false;
        }
        String h = text.substring(start, head).toLowerCase();
        int at = h.indexOf("content-length: ");
        int length = Integer.parseInt(h.substring(at + 16).split("\r\n")[0].trim());
        return text.length() - head - 4 >= length;
    }

    private static String post(String host, String type, String auth, String body) {
        return "POST /v1/getAllClientIdCount HTTP/1.1\r\nHost: " + host + "\r\n"
                + (type == null ? "" : "Content-Type: " + type + "\r\n")
                + (auth == null ? "" : "Authorization: Bearer " + auth + "\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void aTokenIsRequired() {
        try (GatewayClient sdk = GatewayClient.builder().registerAddress("127.0.0.1:1").build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> HttpPushServer.builder().client(sdk).build());
            assertTrue(e.getMessage().contains("token"), e.getMessage());
        }
    }

    @Test
    void onlyJsonContentTypeIsAccepted() throws IOException {
        String plain = exchange(post("127.0.0.1", "text/plain", TOKEN, "{}"), 0);
        assertTrue(plain.startsWith("HTTP/1.1 415 "), plain);
        assertTrue(plain.contains("unsupported_media_type"), plain);
        assertTrue(exchange(post("127.0.0.1", null, TOKEN, "{}"), 0).startsWith("HTTP/1.1 415 "));
        assertTrue(exchange(post("127.0.0.1", "application/x-www-form-urlencoded", TOKEN, "{}"), 0)
                .startsWith("HTTP/1.1 415 "));
        String json = exchange(post("127.0.0.1:" + port, "Application/JSON; charset=utf-8", TOKEN, "{}"), 1);
        assertTrue(json.startsWith("HTTP/1.1 200 "), json);
    }

    @Test
    void theHostMustBeAnAddressLocalhostOrAllowed() throws Exception {
        String rebound = exchange(post("attacker.example:" + port, "application/json", TOKEN, "{}"), 0);
        assertTrue(rebound.startsWith("HTTP/1.1 403 "), rebound);
        assertTrue(rebound.contains("forbidden_host"), rebound);
        assertTrue(exchange(post("", "application/json", TOKEN, "{}"), 0).startsWith("HTTP/1.1 403 "));
        for (String ok : List.of("localhost:" + port, "127.0.0.1", "[::1]:" + port, "LOCALHOST")) {
            String r = exchange(post(ok, "application/json", TOKEN, "{}"), 1);
            assertTrue(r.startsWith("HTTP/1.1 200 "), ok + ": " + r);
        }
        HttpPushServer named = HttpPushServer.builder().listen("127.0.0.1", 0).client(fx.sdk).token(TOKEN)
                .allowedHosts(List.of("Push.Internal")).build();
        int namedPort = named.start().getPort();
        try (Socket s = new Socket("127.0.0.1", namedPort)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(post("push.internal:" + namedPort, "application/json", TOKEN, "{}")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] head = new byte[12];
            assertEquals(12, s.getInputStream().readNBytes(head, 0, 12));
            assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.US_ASCII));
        } finally {
            named.close();
        }
    }

    @Test
    void noCorsHeadersEver() throws IOException {
        String preflight = exchange("OPTIONS /v1/sendToAll HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example"
                + "\r\nAccess-Control-Request-Method: POST\r\n\r\n", 0);
        assertFalse(preflight.startsWith("HTTP/1.1 2"), preflight);
        String withOrigin = exchange(post("127.0.0.1", "application/json", TOKEN, "{}")
                .replace("Host: ", "Origin: http://evil.example\r\nHost: "), 1);
        assertTrue(withOrigin.startsWith("HTTP/1.1 200 "), withOrigin);
        for (String r : List.of(preflight, withOrigin)) {
            assertFalse(r.toLowerCase().contains("access-control-"), r);
        }
    }

    @Test
    void anUnauthenticatedBodyIsNeverRead() throws IOException {
        // a head announcing 100 MB, without the body: answered at once and closed, nothing buffered
        String r = exchange("POST /v1/sendToAll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000000\r\n\r\n{\"message\":", 0);
        assertTrue(r.startsWith("HTTP/1.1 401 "), r);
        assertTrue(r.toLowerCase().contains("connection: close"), r);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderUpToALimit() throws IOException {
        String health = "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        String bad = post("127.0.0.1", "application/json", TOKEN, "{\"x\":1}");
        String all = exchange(health + post("127.0.0.1", "application/json", TOKEN, "{}") + bad + health, 4);
        String[] parts = all.split("(?=HTTP/1\\.1 )");
        assertEquals(4, parts.length, all);
        assertTrue(parts[0].startsWith("HTTP/1.1 200 ") && parts[0].endsWith("{\"status\":\"ok\"}"), parts[0]);
        assertTrue(parts[1].startsWith("HTTP/1.1 200 "), parts[1]);
        assertTrue(parts[2].startsWith("HTTP/1.1 400 "), parts[2]);
        assertTrue(parts[3].startsWith("HTTP/1.1 200 ") && parts[3].endsWith("{\"status\":\"ok\"}"), parts[3]);

        // far more than the limit in one write: some are answered, then the connection is closed
        String flood = exchange(post("127.0.0.1", "application/json", TOKEN, "{}")
                .repeat(PushApiHandler.MAX_PIPELINED * 8), 0);
        assertTrue(count(flood) < PushApiHandler.MAX_PIPELINED * 8, flood);
    }

    /** HttpGateFuzzTestInputs/requestStream/crash-5f41b284… and crash-e0085d53…, found by the fuzz target. */
    @Test
    void aBadEscapeIs400AndAHostWithJunkAfterTheAddressIs403() throws IOException {
        String escape = exchange(post("127.0.0.1", "application/json", TOKEN, "{}")
                .replace("/v1/getAllClientIdCount", "/v1/sendToA%zzl"), 0);
        assertTrue(escape.startsWith("HTTP/1.1 400 "), escape);
        for (String host : List.of("[::1]evil.example", "[0::0]push.internal", "127.0.0.1:evil", "[::1]:80x")) {
            String r = exchange(post(host, "application/json", TOKEN, "{}"), 0);
            assertTrue(r.startsWith("HTTP/1.1 403 "), host + ": " + r);
        }
    }
}
