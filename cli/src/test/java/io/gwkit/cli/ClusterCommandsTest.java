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
    void aDefaultWorkerBesideTheDemoWorkerDoesNotEvictIt() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().build().start()) {
            Running gw = new Running("worker", "--register", "127.0.0.1:" + cluster.registerAddress().getPort());
            String line = gw.awaitLine();
            int cores = Runtime.getRuntime().availableProcessors(); // the default --count
            assertTrue(line.startsWith("worker BusinessWorker-") && line.contains("-" + ProcessHandle.current().pid()
                    + " x" + cores + " (demo)"), line);
            int all = 1 + cores;
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (cluster.textGateway().workerCount() < all && System.currentTimeMillis() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertEquals(all, cluster.textGateway().workerCount());
            TimeUnit.MILLISECONDS.sleep(300); // an eviction would show here: the count falls back
            assertEquals(all, cluster.textGateway().workerCount());
            assertEquals(all, cluster.wsGateway().workerCount());
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }

    @Test
    void startWithWorkerCountRunsThatManyDemoWorkers() throws Exception {
        Running gw = new Running("start", "--register-port", "0", "--text-port", "0", "--ws-port", "0",
                "--inner-port", "0", "--worker-count", "2");
        String first = gw.awaitLine().lines().findFirst().orElseThrow();
        assertTrue(first.endsWith("workers BusinessWorker:0..1 running the demo app"), first);
        Matcher m = Pattern.compile("text gateway 127\\.0\\.0\\.1:(\\d+) ").matcher(first);
        assertTrue(m.find(), first);
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
            s.setSoTimeout((int) WAIT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String id = in.readLine().replaceAll(".*\"client_id\":\"([0-9a-f]{20})\".*", "$1");
            s.getOutputStream().write("say hi\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(id + " said hi", in.readLine());
        }
        assertEquals(Gw.EXIT_OK, gw.stop());
    }

    @Test
    void startSaysWhatTheDemoDoesAndSayKeepsTheWholeText() throws Exception {
        Running gw = new Running("start", "--register-port", "0", "--text-port", "0", "--ws-port", "0",
                "--inner-port", "0");
        String first = gw.awaitLine().lines().findFirst().orElseThrow();
        Matcher m = Pattern.compile("text gateway 127\\.0\\.0\\.1:(\\d+) ").matcher(first);
        assertTrue(m.find(), first);
        assertTrue(first.endsWith("worker BusinessWorker:0 running the demo app"), first);
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (gw.out.toString().lines().count() < 3 && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        String all = gw.out.toString();
        assertTrue(all.contains("Talk to the demo app: nc 127.0.0.1 " + m.group(1) + " "), all);
        assertTrue(all.contains("'say hello all' (to every client)"), all);
        assertTrue(all.contains("Push from the API: gw call --register 127.0.0.1:"), all);
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
            s.setSoTimeout((int) WAIT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String welcome = in.readLine();
            String id = welcome.replaceAll(".*\"client_id\":\"([0-9a-f]{20})\".*", "$1");
            s.getOutputStream().write("say hello all of you\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(id + " said hello all of you", in.readLine());
        }
        assertEquals(Gw.EXIT_OK, gw.stop());
    }

    @Test
    void startWithoutTheDemoRunsNoWorkerAndCanListenOnEveryInterface() throws Exception {
        Running gw = new Running("start", "--no-demo", "--host", "0.0.0.0", "--insecure-no-secret", "--register-port", "0",
                "--text-port", "0", "--ws-port", "0", "--inner-port", "0");
        String first = gw.awaitLine().lines().findFirst().orElseThrow();
        assertTrue(first.endsWith(", no worker"), first);
        Matcher m = Pattern.compile("text gateway 127\\.0\\.0\\.1:(\\d+) ").matcher(first);
        assertTrue(m.find(), first);
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            // a non-loopback address of this machine, if it has one, reaches a 0.0.0.0 listener
            probe.connect(java.net.InetAddress.getByName("192.0.2.1"), 9);
            java.net.InetAddress own = probe.getLocalAddress();
            if (!own.isAnyLocalAddress() && !own.isLoopbackAddress()) {
                try (Socket s = new Socket(own, Integer.parseInt(m.group(1)))) {
                    assertTrue(s.isConnected());
                }
            }
        } catch (java.io.IOException noRoute) {
            // no network interface besides loopback: the bind itself was the check
        }
        assertEquals(Gw.EXIT_OK, gw.stop());
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
    void httpWithoutATokenGeneratesAndPrintsOne() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().build().start()) {
            Running gw = new Running("http", "--listen", "127.0.0.1:0",
                    "--register", "127.0.0.1:" + cluster.registerAddress().getPort());
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (!gw.out.toString().contains("generated token") && System.currentTimeMillis() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(gw.out.toString());
            Matcher t = Pattern.compile("generated token \\(choose one with --token or GW_HTTP_TOKEN\\): ([A-Za-z0-9_-]{32})")
                    .matcher(gw.out.toString());
            assertTrue(m.find() && t.find(), gw.out.toString());
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
            okhttp3.RequestBody empty = okhttp3.RequestBody.create("{}", okhttp3.MediaType.get("application/json"));
            String url = "http://127.0.0.1:" + m.group(1) + "/v1/getAllClientIdCount";
            try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(url)
                    .header("Authorization", "Bearer " + t.group(1)).post(empty).build()).execute()) {
                assertEquals(200, r.code());
            }
            try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(url).post(empty).build())
                    .execute()) {
                assertEquals(401, r.code());
            }
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }

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
    void webhookWorkerNeedsASecretAndHttps() {
        for (String[] args : new String[][] {
            {"worker", "--register", "127.0.0.1:1", "--app", "webhook", "--webhook-url", "https://app.example/e"},
            {"worker", "--register", "127.0.0.1:1", "--app", "webhook", "--webhook-url", "http://app.example/e",
                "--webhook-secret", "s"},
        }) {
            StringWriter err = new StringWriter();
            int code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute(args);
            assertEquals(Gw.EXIT_USAGE, code, err.toString());
            assertTrue(err.toString().contains(args.length == 8 ? "secret" : "https"), err.toString());
        }
    }

    @Test
    void webhookWorkerNeedsAUrl() {
        int code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .execute("worker", "--register", "127.0.0.1:1", "--app", "webhook");
        assertEquals(Gw.EXIT_USAGE, code);
    }
}
