package io.gwkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A MockWebServer as the web app behind a real embedded cluster running the webhook handler. */
class WebhookHandlerTest {

    private static final String SECRET = "hook-s3cret";

    private MockWebServer web;
    private LocalCluster cluster;
    private GatewayClient sdk;
    private final BlockingQueue<String> lost = new LinkedBlockingQueue<>();

    @BeforeEach
    void startWebApp() throws Exception {
        web = new MockWebServer();
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
        web.enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"hello\"}]"));
        for (int i = 0; i < 5; i++) {
            web.enqueue(new MockResponse());
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
            assertEquals("sha256=" + hmacHex(raw), connect.getHeader(WebhookHandler.SIGNATURE_HEADER));
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
                assertEquals("sha256=" + hmacHex(bytes), message.getHeader(WebhookHandler.SIGNATURE_HEADER));
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
        web.enqueue(actions("[{\"op\":\"bindUid\",\"uid\":\"u7\"},{\"op\":\"joinGroup\",\"group\":\"room\"},"
                + "{\"op\":\"setSession\",\"session\":{\"name\":\"zoe\"}},"
                + "{\"op\":\"sendToCurrentClient\",\"message\":\"welcome\"}]"));
        web.enqueue(actions("[{\"op\":\"sendToUid\",\"uid\":\"u7\",\"message\":\"to uid\"},"
                + "{\"op\":\"noSuchOp\"},"
                + "{\"op\":\"sendToGroup\",\"group\":\"room\",\"message\":\"to room\"},"
                + "{\"op\":\"closeCurrentClient\",\"message\":\"bye\"}]"));
        web.enqueue(new MockResponse());
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
        web.enqueue(new MockResponse().setResponseCode(500));
        web.enqueue(new MockResponse().setResponseCode(503));
        web.enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"made it\"}]"));
        web.enqueue(new MockResponse().setResponseCode(400));
        web.enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"next one\"}]"));
        web.enqueue(new MockResponse()); // close
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
        web.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/elsewhere"));
        web.enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"after redirect\"}]"));
        web.enqueue(new MockResponse()); // close
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
            web.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
        }
        web.enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"still here\"}]"));
        web.enqueue(new MockResponse()); // close
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
        web.enqueue(new MockResponse());
        web.enqueue(actions("[{\"op\":\"sendToCurrentClient\",\"message\":\"ws hello\"}]"));
        web.enqueue(new MockResponse()); // close
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
}
