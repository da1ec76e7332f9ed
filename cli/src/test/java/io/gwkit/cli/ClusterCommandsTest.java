package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.cluster.LocalCluster;
import io.gwkit.testkit.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code gw start} and {@code gw worker} run in-process on ephemeral ports, served a real text client. */
@Tag("socket")
class ClusterCommandsTest {

    private static final long WAIT_MILLIS = RunningCommand.WAIT_MILLIS;

    /** The first line a text gateway on {@code port} sends a new client (the demo app's welcome). */
    static String firstLine(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) WAIT_MILLIS);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    @Test
    void startRunsAWholeClusterAndStopsCleanly() throws Exception {
        RunningCommand gw = new RunningCommand("start", "--register-port", "0", "--text-port", "0", "--ws-port", "0",
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
            RunningCommand gw = new RunningCommand("worker", "--register", "127.0.0.1:" + cluster.registerAddress().getPort(),
                    "--name", "cliWorker", "--count", "2", "--app", "io.gwkit.worker.DemoApp");
            assertTrue(gw.awaitLine().startsWith("worker cliWorker x2 (io.gwkit.worker.DemoApp) subscribed to register"));
            Await.until("2 worker(s) at the text gateway", () -> cluster.textGateway().workerCount() >= 2);
            assertEquals(2, cluster.textGateway().workerCount());
            assertTrue(firstLine(cluster.textAddress().getPort()).startsWith("{\"type\":\"welcome\""));
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }

    @Test
    void aDefaultWorkerBesideTheDemoWorkerDoesNotEvictIt() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().build().start()) {
            RunningCommand gw = new RunningCommand("worker", "--register", "127.0.0.1:" + cluster.registerAddress().getPort());
            String line = gw.awaitLine();
            int cores = Runtime.getRuntime().availableProcessors(); // the default --count
            assertTrue(line.startsWith("worker BusinessWorker-") && line.contains("-" + ProcessHandle.current().pid()
                    + " x" + cores + " (demo)"), line);
            int all = 1 + cores;
            Await.until(all + " worker(s) at the text gateway", () -> cluster.textGateway().workerCount() >= all);
            assertEquals(all, cluster.textGateway().workerCount());
            TimeUnit.MILLISECONDS.sleep(300); // an eviction would show here: the count falls back
            assertEquals(all, cluster.textGateway().workerCount());
            assertEquals(all, cluster.wsGateway().workerCount());
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }

    @Test
    void startWithWorkerCountRunsThatManyDemoWorkers() throws Exception {
        RunningCommand gw = new RunningCommand("start", "--register-port", "0", "--text-port", "0", "--ws-port", "0",
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
        RunningCommand gw = new RunningCommand("start", "--register-port", "0", "--text-port", "0", "--ws-port", "0",
                "--inner-port", "0");
        String first = gw.awaitLine().lines().findFirst().orElseThrow();
        Matcher m = Pattern.compile("text gateway 127\\.0\\.0\\.1:(\\d+) ").matcher(first);
        assertTrue(m.find(), first);
        assertTrue(first.endsWith("worker BusinessWorker:0 running the demo app"), first);
        Await.until("three lines from gw start", () -> gw.out.toString().lines().count() >= 3);
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
        RunningCommand gw = new RunningCommand("start", "--no-demo", "--host", "0.0.0.0", "--insecure-no-secret", "--register-port", "0",
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

}
