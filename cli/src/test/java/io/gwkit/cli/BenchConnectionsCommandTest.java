package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gwkit.bench.ConnectionAgents;
import io.gwkit.cluster.LocalCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gw bench connections} at a tiny size with its clients in two agent processes, against a cluster in
 * this JVM that serves its MBeans through {@link JmxAgent}: counts and the shape of the results, no timing.
 */
@Tag("socket")
class BenchConnectionsCommandTest {

    @Test
    void twoAgentProcessesOpenCheckAndCloseEveryClient(@TempDir Path dir) throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().build().start();
             JmxAgent.Running jmx = JmxAgent.start(0, "bench-pw")) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Path json = dir.resolve("connections.json");
            int code = Gw.commandLine(new PrintWriter(out), new PrintWriter(err)).execute("bench", "connections",
                    "--text", "127.0.0.1:" + cluster.textAddress().getPort(), "--clients", "7", "--agents", "2",
                    "--pid", Long.toString(ProcessHandle.current().pid()), "--jmx", "127.0.0.1:" + jmx.port(), "--jmx-password", jmx.password(),
                    "--settle", "0", "--timeout", "120", "--json", json.toString());
            assertEquals(Gw.EXIT_OK, code, out + "\n" + err);
            JsonNode v = new ObjectMapper().readTree(json.toFile()).get("runs").get(0).get("figures");
            assertEquals(7, v.get("clients").asInt());
            assertEquals(2, v.get("agents").asInt());
            assertEquals(7, v.get("answering").asInt(), v.toString());
            assertEquals(7, v.get("still connected").asInt(), v.toString());
            assertTrue(v.get("rss after MiB").asDouble() > 0, v.toString());
            assertTrue(v.get("live heap KiB/conn").isNumber(), "heap read over JMX: " + v);
            assertTrue(v.get("heap committed MiB").asDouble() > 0, v.toString());
            assertTrue(v.get("settled after close s").isNumber(), "the cluster answers after the close: " + v);
        }
    }

    @Test
    void anAgentThatCannotConnectFailsTheRun() throws Exception {
        StringWriter err = new StringWriter();
        int code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute("bench",
                "connections", "--text", "127.0.0.1:1", "--clients", "2", "--agents", "1", "--timeout", "20");
        assertEquals(Gw.EXIT_ERROR, code);
        assertTrue(err.toString().contains("agent 0: failed"), err.toString());
    }

    @Test
    void agentsStartBeforeTheTimedOpenAndConnectNothingUntilToldTo() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            List<Socket> sockets = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        sockets.add(s);
                        s.getOutputStream().write(("{\"type\":\"welcome\",\"client_id\":\"7f00000108fc0000000"
                                + accepted.incrementAndGet() + "\"}\n").getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            try (ConnectionAgents agents = new ConnectionAgents(target, 3, 1, List.of(), Duration.ofSeconds(30))) {
                agents.prepare();
                Thread.sleep(300);
                assertEquals(0, accepted.get(), "a prepared agent has not connected yet");
                AtomicLong opened = new AtomicLong();
                agents.open(opened);
                assertEquals(3, opened.get());
                assertEquals(3, accepted.get());
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}
