package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.cluster.LocalCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gw start} and {@code gw worker} run in-process on ephemeral ports, served a real text client. */
class ClusterCommandsTest {

    private static final long WAIT_MILLIS = 30_000;

    /** Runs a command on a thread; {@link #stop} releases it as Ctrl-C would. */
    private static final class Running {
        final StringWriter out = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread thread;
        final RunUntilStopped lifecycle;

        Running(String... args) {
            CommandLine cl = Gw.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
            Object sub = cl.getSubcommands().get(args[0]).getCommand();
            lifecycle = sub instanceof StartCommand ? ((StartCommand) sub).lifecycle
                    : sub instanceof HttpCommand ? ((HttpCommand) sub).lifecycle : ((WorkerCommand) sub).lifecycle;
            thread = new Thread(() -> exit.set(cl.execute(args)), "gw-" + args[0]);
            thread.start();
        }

        String awaitLine() throws InterruptedException {
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (System.currentTimeMillis() < deadline && thread.isAlive()) {
                String s = out.toString();
                if (s.endsWith("\n") || s.endsWith("\r\n")) {
                    return s.trim();
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no output line; exit " + exit.get() + ", output: " + out);
        }

        int stop() throws InterruptedException {
            lifecycle.stop();
            thread.join(WAIT_MILLIS);
            assertFalse(thread.isAlive(), "command did not stop");
            return exit.get();
        }
    }

    private static String firstLine(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) WAIT_MILLIS);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    @Test
    void startRunsAWholeClusterAndStopsCleanly() throws Exception {
        Running gw = new Running("start", "--register-port", "0", "--text-port", "0", "--ws-port", "0",
                "--inner-port", "0", "--secret", "k");
        String line = gw.awaitLine();
        Matcher m = Pattern.compile("text gateway 127\\.0\\.0\\.1:(\\d+) \\(inner 127\\.0\\.0\\.1:(\\d+)\\)").matcher(line);
        assertTrue(m.find(), line);
        assertTrue(line.startsWith("register 127.0.0.1:") && line.contains("websocket gateway ws://127.0.0.1:"), line);
        String welcome = firstLine(Integer.parseInt(m.group(1)));
        assertEquals(String.format("{\"type\":\"welcome\",\"client_id\":\"7f000001%04x00000001\"}",
                Integer.parseInt(m.group(2))), welcome);
        assertEquals(Gw.EXIT_OK, gw.stop());
    }

    @Test
    void workerJoinsAnExistingClusterThroughItsRegister() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().workers(0).build().start()) {
            Running gw = new Running("worker", "--register", "127.0.0.1:" + cluster.registerAddress().getPort(),
                    "--name", "cliWorker", "--count", "2", "--app", "io.gwkit.worker.DemoApp");
            assertTrue(gw.awaitLine().startsWith("worker cliWorker x2 (io.gwkit.worker.DemoApp) subscribed to register"));
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (cluster.textGateway().workerCount() < 2 && System.currentTimeMillis() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertEquals(2, cluster.textGateway().workerCount());
            assertTrue(firstLine(cluster.textAddress().getPort()).startsWith("{\"type\":\"welcome\""));
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }

    @Test
    void workerRejectsAClassThatIsNotAHandler() {
        int code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .execute("worker", "--register", "127.0.0.1:1", "--app", "java.lang.String");
        assertEquals(Gw.EXIT_USAGE, code);
    }

    @Test
    void httpServesThePushApiWithAToken() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().build().start()) {
            Running gw = new Running("http", "--listen", "127.0.0.1:0",
                    "--register", "127.0.0.1:" + cluster.registerAddress().getPort(), "--token", "tk");
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(gw.awaitLine());
            assertTrue(m.find(), gw.out.toString());
            String base = "http://127.0.0.1:" + m.group(1) + "/v1/";
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
            okhttp3.RequestBody empty = okhttp3.RequestBody.create("{}", okhttp3.MediaType.get("application/json"));
            try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(base + "getAllClientIdCount")
                    .header("Authorization", "Bearer tk").post(empty).build()).execute()) {
                assertEquals(200, r.code());
                assertEquals("0", r.body().string());
            }
            try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(base + "getAllClientIdCount")
                    .post(empty).build()).execute()) {
                assertEquals(401, r.code());
            }
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }

    @Test
    void webhookWorkerForwardsEventsAndRunsTheAnswer() throws Exception {
        try (okhttp3.mockwebserver.MockWebServer web = new okhttp3.mockwebserver.MockWebServer();
             LocalCluster cluster = LocalCluster.builder().ephemeralPorts().workers(0).build().start()) {
            web.enqueue(new okhttp3.mockwebserver.MockResponse()
                    .setBody("{\"actions\":[{\"op\":\"sendToCurrentClient\",\"message\":\"hi from the web app\"}]}"));
            web.enqueue(new okhttp3.mockwebserver.MockResponse());
            Running gw = new Running("worker", "--register", "127.0.0.1:" + cluster.registerAddress().getPort(),
                    "--app", "webhook", "--webhook-url", web.url("/events").toString(), "--webhook-secret", "s");
            assertTrue(gw.awaitLine().contains("(webhook)"), gw.out.toString());
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (cluster.textGateway().workerCount() < 1 && System.currentTimeMillis() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertEquals("hi from the web app", firstLine(cluster.textAddress().getPort()));
            okhttp3.mockwebserver.RecordedRequest connect = web.takeRequest(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            assertTrue(connect.getBody().readUtf8().startsWith("{\"event\":\"connect\""));
            assertTrue(connect.getHeader("X-Gw-Signature").startsWith("sha256="));
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }

    @Test
    void webhookWorkerNeedsAUrl() {
        int code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .execute("worker", "--register", "127.0.0.1:1", "--app", "webhook");
        assertEquals(Gw.EXIT_USAGE, code);
    }
}
