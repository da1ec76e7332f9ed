package io.gwkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.client.GatewayClient;
import io.gwkit.cluster.LocalCluster;
import io.gwkit.cluster.TestClients;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A MockWebServer as the web app behind a real embedded cluster running the webhook handler. */
@Tag("socket")
class WebhookHandlerTest {

    private static final String SECRET = "hook-s3cret";

    private MockWebServer web;
    private LocalCluster cluster;
    private GatewayClient sdk;
    private final BlockingQueue<String> lost = new LinkedBlockingQueue<>();
    /** The web app's answers, in order; each signed with the secret for the request it answers. */
    private final BlockingQueue<MockResponse> answers = new LinkedBlockingQueue<>();

    @BeforeEach
    void startWebApp() throws Exception {
        web = new MockWebServer();
        web.setDispatcher(new Dispatcher() {
            private volatile boolean down;

            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClients.AWAIT_SECONDS);
                MockResponse answer = null;
                while (answer == null && !down && System.nanoTime() < deadline) {
                    answer = answers.poll(50, TimeUnit.MILLISECONDS);
                }
                return answer == null ? new MockResponse().setResponseCode(503)
                        : signed(answer, request.getHeader(WebhookHandler.EVENT_ID_HEADER));
            }

            @Override
            public MockResponse peek() { // MockWebServer applies a DISCONNECT_AT_START policy from here
                MockResponse next = answers.peek();
                return next != null ? next : super.peek();
            }

            @Override
            public void shutdown() {
                down = true;
            }
        });
        web.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (sdk != null) {
            sdk.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        web.shutdown();
    }

    private void startCluster(String url) throws Exception {
        cluster = LocalCluster.builder().ephemeralPorts().secretKey("k")
                .handler(() -> WebhookHandler.builder().url(url).secret(SECRET).maxAttempts(3)
                        .backoff(Duration.ofMillis(1), Duration.ofMillis(4))
                        .lostEventListener((event, clientId, reason) -> lost.add(event + " " + clientId + " " + reason))
                        .build())
                .build().start();
        sdk = GatewayClient.builder().registerAddress("127.0.0.1:" + cluster.registerAddress().getPort())
                .secretKey("k").build();
    }

    private void enqueue(MockResponse answer) {
        answers.add(answer);
    }

    /** {@code answer} signed for the event {@code eventId} as the web app must (unless it says "unsigned"). */
    static MockResponse signed(MockResponse answer, String eventId) {
        okio.Buffer body = answer.getBody();
        if (body == null || answer.getHeaders().get("X-Test-Unsigned") != null) {
            return answer;
        }
        byte[] bytes = body.clone().readByteArray();
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        return answer.setHeader(WebhookHandler.TIMESTAMP_HEADER, timestamp)
                .setHeader(WebhookHandler.SIGNATURE_HEADER, WebhookHandler.signature(SECRET, timestamp, eventId, bytes));
    }

    /** The request carries a fresh timestamp, an event id and the HMAC of timestamp.id.body. */
    private static void assertSigned(RecordedRequest r, byte[] body) throws Exception {
        String timestamp = r.getHeader(WebhookHandler.TIMESTAMP_HEADER);
        String id = r.getHeader(WebhookHandler.EVENT_ID_HEADER);
        java.util.UUID.fromString(id);
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 60, timestamp);
        java.io.ByteArrayOutputStream signed = new java.io.ByteArrayOutputStream();
        signed.write((timestamp + "." + id + ".").getBytes(StandardCharsets.UTF_8));
        signed.write(body);
        assertEquals("sha256=" + hmacHex(signed.toByteArray()), r.getHeader(WebhookHandler.SIGNATURE_HEADER));
    }

    private static MockResponse actions(String json) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"actions\":" + json + "}");
    }

    private RecordedRequest takeRequest() throws InterruptedException {
        RecordedRequest r = web.takeRequest(TestClients.AWAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(r, "the web app received no request");
        return r;
    }

    private String takeLost() throws InterruptedException {
        String s = lost.poll(TestClients.AWAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(s, "no event was reported lost");
        return s;
    }

    private static PhpArray body(RecordedRequest r) {
        return (PhpArray) PhpJson.decode(r.getBody().readUtf8());
    }

    private static String hmacHex(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void eventsArriveInOrderAsSignedJson() throws Exception {
        startCluster(web.url("/hook").toString());
        enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"hello\"}]"));
        for (int i = 0; i < 5; i++) {
            enqueue(new MockResponse());
        }
        String clientId;
        try (TestClients.Text c = new TestClients.Text(cluster.textAddress())) {
            assertEquals("hello", c.take());
            c.send("m1");
            c.send("m2 \"quoted\" /é");
            c.send("m3");
            c.sendBytes(new byte[] {'b', (byte) 0xff, 'n'});
            RecordedRequest connect = takeRequest();
            byte[] raw = connect.getBody().clone().readByteArray();
            assertEquals("POST", connect.getMethod());
            assertEquals("/hook", connect.getPath());
            assertEquals("connect", connect.getHeader(WebhookHandler.EVENT_HEADER));
            assertSigned(connect, raw);
            PhpArray event = body(connect);
            assertEquals("connect", event.get("event"));
            clientId = (String) event.get("client_id");
            assertEquals(20, clientId.length());
            assertEquals(new PhpArray(), event.get("session"));
            assertEquals("127.0.0.1", event.get("client_ip"));
            assertEquals(cluster.textInnerAddress(), event.get("gateway"));
            assertEquals((long) cluster.textAddress().getPort(), event.get("gateway_port"));
            String json = new String(raw, StandardCharsets.UTF_8);
            assertTrue(json.startsWith("{\"event\":\"connect\",\"client_id\":\"" + clientId + "\",\"session\":{},"), json);

            for (String expected : List.of("m1", "m2 \"quoted\" /é", "m3")) {
                RecordedRequest message = takeRequest();
                byte[] bytes = message.getBody().clone().readByteArray();
                assertSigned(message, bytes);
                PhpArray m = body(message);
                assertEquals("message", m.get("event"));
                assertEquals(clientId, m.get("client_id"));
                assertEquals(expected, m.get("message"));
                assertNull(m.get("message_base64"));
            }
            PhpArray binary = body(takeRequest());
            assertEquals("b\ufffdn", binary.get("message"));
            assertEquals(java.util.Base64.getEncoder().encodeToString(new byte[] {'b', (byte) 0xff, 'n'}),
                    binary.get("message_base64"));
        }
        RecordedRequest close = takeRequest();
        PhpArray c = body(close);
        assertEquals("close", c.get("event"));
        assertEquals(clientId, c.get("client_id"));
        assertTrue(lost.isEmpty(), lost.toString());
    }

    @Test
    void actionsRunAgainstTheCluster() throws Exception {
        startCluster(web.url("/hook").toString());
        enqueue(actions("[{\"op\":\"bindUid\",\"uid\":\"u7\"},{\"op\":\"joinGroup\",\"group\":\"room\"},"
                + "{\"op\":\"setSession\",\"session\":{\"name\":\"zoe\"}},"
                + "{\"op\":\"sendToCurrentClient\",\"message\":\"welcome\"}]"));
        enqueue(actions("[{\"op\":\"sendToUid\",\"uid\":\"u7\",\"message\":\"to uid\"},"
                + "{\"op\":\"noSuchOp\"},"
                + "{\"op\":\"sendToGroup\",\"group\":\"room\",\"message\":\"to room\"},"
                + "{\"op\":\"closeCurrentClient\",\"message\":\"bye\"}]"));
        enqueue(new MockResponse());
        try (TestClients.Text c = new TestClients.Text(cluster.textAddress())) {
            assertEquals("welcome", c.take());
            String clientId = (String) body(takeRequest()).get("client_id");
            // the actions ran in order on the worker's connection, before "welcome" reached the client
            assertEquals("u7", sdk.getUidByClientId(clientId));
            assertEquals(List.of(clientId), sdk.getClientIdByUid("u7"));
            assertEquals(1, sdk.getClientIdCountByGroup("room"));
            assertEquals("zoe", sdk.getSession(clientId).get("name"));

            c.send("go");
            PhpArray message = body(takeRequest());
            assertEquals("go", message.get("message"));
            assertEquals("zoe", ((PhpArray) message.get("session")).get("name"));
            assertEquals("to uid", c.take());
            assertEquals("to room", c.take()); // an unknown op is logged and skipped
            assertEquals("bye", c.take());
            PhpArray close = body(takeRequest());
            assertEquals("close", close.get("event"));
            assertEquals(clientId, close.get("client_id"));
        }
        assertTrue(lost.isEmpty(), lost.toString());
    }

    @Test
    void serverErrorsAreRetriedClientErrorsAreNot() throws Exception {
        startCluster(web.url("/hook").toString());
        enqueue(new MockResponse().setResponseCode(500));
        enqueue(new MockResponse().setResponseCode(503));
        enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"made it\"}]"));
        enqueue(new MockResponse().setResponseCode(400));
        enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"next one\"}]"));
        enqueue(new MockResponse()); // close
        try (TestClients.Text c = new TestClients.Text(cluster.textAddress())) {
            assertEquals("made it", c.take());
            RecordedRequest first = takeRequest();
            String body = first.getBody().readUtf8();
            assertEquals(body, takeRequest().getBody().readUtf8());
            assertEquals(body, takeRequest().getBody().readUtf8());
            String clientId = (String) ((PhpArray) PhpJson.decode(body)).get("client_id");

            c.send("refused");
            c.send("accepted");
            assertEquals("next one", c.take());
            assertEquals("refused", body(takeRequest()).get("message"));
            assertEquals("accepted", body(takeRequest()).get("message")); // the 400 was not retried
            assertEquals("message " + clientId + " HTTP 400 (not retried)", takeLost());
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        startCluster(web.url("/hook").toString());
        enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/elsewhere"));
        enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"after redirect\"}]"));
        enqueue(new MockResponse()); // close
        try (TestClients.Text c = new TestClients.Text(cluster.textAddress())) {
            String lostConnect = takeLost();
            assertTrue(lostConnect.startsWith("connect ") && lostConnect.endsWith(" HTTP 302 (not retried)"), lostConnect);
            assertEquals("/hook", takeRequest().getPath());
            c.send("next");
            assertEquals("after redirect", c.take());
            PhpArray next = body(takeRequest());
            assertEquals("message", next.get("event")); // not a GET to /elsewhere
        }
    }

    @Test
    void unreachableWebAppLosesEventsLoudlyAndTheWorkerKeepsServing() throws Exception {
        startCluster(web.url("/hook").toString());
        for (int i = 0; i < 3; i++) {
            enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
        }
        enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"still here\"}]"));
        enqueue(new MockResponse()); // close
        try (TestClients.Text c = new TestClients.Text(cluster.textAddress())) {
            String lostConnect = takeLost();
            assertTrue(lostConnect.startsWith("connect "), lostConnect);
            assertTrue(lostConnect.endsWith("after 3 attempts"), lostConnect);
            String clientId = lostConnect.split(" ")[1];
            assertEquals(List.of(clientId), List.copyOf(sdk.getAllClientIdList()));
            c.send("anyone?");
            assertEquals("still here", c.take());
        }
    }

    @Test
    void webAppDownEveryEventIsReportedLostWithItsClient() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        startCluster("http://127.0.0.1:" + closedPort + "/hook");
        try (TestClients.Text c = new TestClients.Text(cluster.textAddress())) {
            String connect = takeLost();
            assertTrue(connect.startsWith("connect "), connect);
            String clientId = connect.split(" ")[1];
            c.send("lost message");
            assertTrue(takeLost().startsWith("message " + clientId + " "));
        }
        assertTrue(takeLost().startsWith("close "));
        assertNull(lost.poll());
    }

    @Test
    void websocketClientsAlsoSendTheirHandshake() throws Exception {
        startCluster(web.url("/hook").toString());
        enqueue(new MockResponse());
        enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"ws hello\"}]"));
        enqueue(new MockResponse()); // close
        TestClients.Ws ws = new TestClients.Ws(cluster.wsAddress(), "/chat?room=r1");
        try {
            assertEquals("ws hello", ws.take());
            PhpArray connect = body(takeRequest());
            assertEquals("connect", connect.get("event"));
            PhpArray handshake = body(takeRequest());
            assertEquals("websocket-connect", handshake.get("event"));
            assertEquals(connect.get("client_id"), handshake.get("client_id"));
            assertEquals("r1", ((PhpArray) ((PhpArray) handshake.get("data")).get("get")).get("room"));
            assertEquals(cluster.wsInnerAddress(), handshake.get("gateway"));
        } finally {
            ws.close();
        }
    }

    @Test
    void answersThatAreUnsignedForgedOrStaleRunNoActions() throws Exception {
        startCluster(web.url("/hook").toString());
        String body = "{\"actions\":[{\"op\":\"sendToCurrentClient\",\"message\":\"forged\"}]}";
        enqueue(new MockResponse().setHeader("X-Test-Unsigned", "1").setBody(body)); // connect: unsigned
        try (TestClients.Text c = new TestClients.Text(cluster.textAddress())) {
            String unsigned = takeLost();
            assertTrue(unsigned.startsWith("connect ") && unsigned.contains(WebhookHandler.SIGNATURE_HEADER), unsigned);
            String wrongKey = WebhookHandler.signature("not-the-secret", "" + System.currentTimeMillis() / 1000, "x",
                    body.getBytes(StandardCharsets.UTF_8));
            enqueue(new MockResponse().setHeader("X-Test-Unsigned", "1").setBody(body)
                    .setHeader(WebhookHandler.TIMESTAMP_HEADER, "" + System.currentTimeMillis() / 1000)
                    .setHeader(WebhookHandler.SIGNATURE_HEADER, wrongKey));
            c.send("one");
            assertTrue(takeLost().startsWith("message "));
            enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"signed\"}]"));
            c.send("two");
            assertEquals("signed", c.take()); // the first line the client gets: nothing forged ran
        }
    }

    @Test
    void aRetryKeepsTheEventIdAndSignsAgain() throws Exception {
        startCluster(web.url("/hook").toString());
        enqueue(new MockResponse().setResponseCode(503));
        enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"after retry\"}]"));
        try (TestClients.Text c = new TestClients.Text(cluster.textAddress())) {
            assertEquals("after retry", c.take());
            RecordedRequest first = takeRequest();
            RecordedRequest second = takeRequest();
            assertEquals(first.getHeader(WebhookHandler.EVENT_ID_HEADER), second.getHeader(WebhookHandler.EVENT_ID_HEADER));
            assertSigned(second, second.getBody().clone().readByteArray());
        }
    }

    @Test
    void verifyRejectsStaleTimestampsAndWrongSignatures() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String now = Long.toString(System.currentTimeMillis() / 1000);
        String stale = Long.toString(System.currentTimeMillis() / 1000 - WebhookHandler.MAX_CLOCK_SKEW.toSeconds() - 60);
        assertTrue(WebhookHandler.verify(SECRET, now, "e1", body, WebhookHandler.signature(SECRET, now, "e1", body)));
        assertFalse(WebhookHandler.verify(SECRET, stale, "e1", body, WebhookHandler.signature(SECRET, stale, "e1", body)));
        assertFalse(WebhookHandler.verify(SECRET, now, "e2", body, WebhookHandler.signature(SECRET, now, "e1", body)));
        assertFalse(WebhookHandler.verify(SECRET, now, "e1", body, null));
        assertFalse(WebhookHandler.verify(SECRET, "soon", "e1", body, "sha256=00"));
    }

    @Test
    void aSecretAndHttpsAreRequired() {
        assertThrows(IllegalStateException.class, () -> WebhookHandler.builder().url("https://app.example/h").build());
        IllegalStateException http = assertThrows(IllegalStateException.class,
                () -> WebhookHandler.builder().url("http://app.example/h").secret(SECRET).build());
        assertTrue(http.getMessage().contains("https"), http.getMessage());
        WebhookHandler.builder().url("http://app.example/h").secret(SECRET).allowInsecureHttp(true).build();
        WebhookHandler.builder().url("https://app.example/h").secret(SECRET).build();
        WebhookHandler.builder().url("http://127.0.0.1:1/h").secret(SECRET).build();
        WebhookHandler.builder().url("http://localhost:1/h").secret(SECRET).build();
    }

    @Test
    void aWebAppThatAnswersByteByByteIsCutOffAtTheCallDeadline() throws Exception {
        cluster = LocalCluster.builder().ephemeralPorts().secretKey("k")
                .handler(() -> WebhookHandler.builder().url(web.url("/hook").toString()).secret(SECRET).maxAttempts(1)
                        .timeout(Duration.ofMillis(500))
                        .lostEventListener((event, clientId, reason) -> lost.add(event + " " + clientId + " " + reason))
                        .build())
                .build().start();
        // 10 KB at 10 bytes a second: every read succeeds within the read timeout, the call never ends by itself
        enqueue(actions("\"" + "x".repeat(10_000) + "\"").throttleBody(10, 1, TimeUnit.SECONDS));
        try (TestClients.Text c = new TestClients.Text(cluster.textAddress())) {
            String connect = takeLost();
            assertTrue(connect.startsWith("connect "), connect);
        }
    }
}
