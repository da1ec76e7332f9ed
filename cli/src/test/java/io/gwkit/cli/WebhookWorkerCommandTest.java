package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.cluster.LocalCluster;
import io.gwkit.testkit.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code gw worker --app webhook}: events to an HTTP app and its answers back, and the options it needs. */
@Tag("socket")
class WebhookWorkerCommandTest {

    private static final long WAIT_MILLIS = RunningCommand.WAIT_MILLIS;

    @Test
    void webhookWorkerForwardsEventsAndRunsTheAnswer() throws Exception {
        try (okhttp3.mockwebserver.MockWebServer web = new okhttp3.mockwebserver.MockWebServer();
             LocalCluster cluster = LocalCluster.builder().ephemeralPorts().workers(0).build().start()) {
            byte[] answer = "{\"actions\":[{\"op\":\"sendToCurrentClient\",\"message\":\"hi from the web app\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            web.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
                @Override
                public okhttp3.mockwebserver.MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest r) {
                    if (!"connect".equals(r.getHeader(io.gwkit.http.WebhookHandler.EVENT_HEADER))) {
                        return new okhttp3.mockwebserver.MockResponse();
                    }
                    String now = Long.toString(System.currentTimeMillis() / 1000);
                    return new okhttp3.mockwebserver.MockResponse().setBody(new okio.Buffer().write(answer))
                            .setHeader(io.gwkit.http.WebhookHandler.TIMESTAMP_HEADER, now)
                            .setHeader(io.gwkit.http.WebhookHandler.SIGNATURE_HEADER, io.gwkit.http.WebhookHandler
                                    .signature("s", now, r.getHeader(io.gwkit.http.WebhookHandler.EVENT_ID_HEADER), answer));
                }
            });
            RunningCommand gw = new RunningCommand("worker", "--register", "127.0.0.1:" + cluster.registerAddress().getPort(),
                    "--app", "webhook", "--webhook-url", web.url("/events").toString(), "--webhook-secret", "s");
            assertTrue(gw.awaitLine().contains("(webhook)"), gw.out.toString());
            Await.until("1 worker(s) at the text gateway", () -> cluster.textGateway().workerCount() >= 1);
            assertEquals("hi from the web app", ClusterCommandsTest.firstLine(cluster.textAddress().getPort()));
            okhttp3.mockwebserver.RecordedRequest connect = web.takeRequest(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            assertTrue(connect.getBody().readUtf8().startsWith("{\"event\":\"connect\""));
            assertTrue(connect.getHeader("X-Gw-Signature").startsWith("sha256="));
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }

    @Test
    void webhookWorkerNeedsASecretAndHttps() {
        for (String[] args : new String[][] {
            {"worker", "--register", "127.0.0.1:1", "--app", "webhook", "--webhook-url", "https://app.example/e"},
            {"worker", "--register", "127.0.0.1:1", "--app", "webhook", "--webhook-url", "http://app.example/e",
                "--webhook-secret", "s"},
        }) {
            StringWriter err = new StringWriter();
            int code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute(args);
            assertEquals(Gw.EXIT_USAGE, code, err.toString());
            assertTrue(err.toString().contains(args.length == 7 ? "secret" : "https"), err.toString());
        }
    }

    @Test
    void webhookWorkerNeedsAUrl() {
        int code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .execute("worker", "--register", "127.0.0.1:1", "--app", "webhook");
        assertEquals(Gw.EXIT_USAGE, code);
    }
}
