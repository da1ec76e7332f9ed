package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gwkit.cluster.LocalCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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
}
