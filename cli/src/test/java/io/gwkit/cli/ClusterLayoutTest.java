package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gw cluster --config}: a register, two gateways and workers from one layout file, in one process. */
@Tag("socket")
class ClusterLayoutTest {

    @TempDir
    Path dir;

    @Test
    void runsTheLayoutAndStopsItInOrder() throws Exception {
        Files.writeString(dir.resolve("secret"), "zq-s3cr3t\n");
        Path config = dir.resolve("cluster.yaml");
        Files.writeString(config, """
                cluster:
                  secret-file: %s
                  register: {listen: 127.0.0.1:0}
                  gateways:
                    - {name: t1, listen: [text://127.0.0.1:0], inner-port: 0, count: 1}
                    - {name: t2, listen: [text://127.0.0.1:0], inner-port: 0, count: 1}
                  workers:
                    - {name: w, count: 2}
                """.formatted(dir.resolve("secret")));
        RunningCommand gw = new RunningCommand("cluster", "--config", config.toString());
        gw.await(gw.out, Pattern.compile("cluster .*: 1 register, 2 gateways, 1 worker groups running"));
        String out = gw.out.toString();
        Matcher register = Pattern.compile("register listening on 127\\.0\\.0\\.1:(\\d+)").matcher(out);
        Matcher t1 = Pattern.compile("gateway t1 listening on 127\\.0\\.0\\.1:(\\d+)").matcher(out);
        assertTrue(register.find() && t1.find(), out);
        try (Socket client = welcomed(Integer.parseInt(t1.group(1)))) {
            StringWriter status = new StringWriter();
            int code = Gw.commandLine(new PrintWriter(status, true), new PrintWriter(status, true))
                    .execute("status", "--register", "127.0.0.1:" + register.group(1), "--secret", "zq-s3cr3t", "--json");
            assertEquals(Gw.EXIT_OK, code, status.toString());
            JsonNode report = new ObjectMapper().readTree(status.toString());
            // one gateway address per shard, as the register lists PHP's count processes: count 1 each
            assertEquals(2, report.get("totals").get("gateways").asInt());
            assertEquals(1, report.get("totals").get("clients").asInt());
        }
        assertEquals(Gw.EXIT_OK, gw.stop());
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", Integer.parseInt(register.group(1))).close());
        assertTrue(!gw.out.toString().contains("zq-s3cr3t"), gw.out.toString());
    }

    /** A client that got its welcome; the workers connect to the gateways just after they start. */
    private static Socket welcomed(int port) throws Exception {
        long deadline = System.currentTimeMillis() + RunningCommand.WAIT_MILLIS;
        while (true) {
            Socket client = new Socket("127.0.0.1", port);
            client.setSoTimeout(10_000);
            String line = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (line != null && line.startsWith("{\"type\":\"welcome\"")) {
                return client;
            }
            client.close(); // no worker yet: the gateway closed it
            assertTrue(System.currentTimeMillis() < deadline, "no welcome");
            Thread.sleep(50);
        }
    }

    @Test
    void aBadKeyInAnyNodeStopsTheStartNamingIt() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                cluster:
                  register: {listen: 127.0.0.1:0}
                  gateways:
                    - {listen: [text://127.0.0.1:0], inner-port: 0}
                    - {lissten: [text://127.0.0.1:0]}
                """);
        StringWriter err = new StringWriter();
        int code = Gw.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
                .execute("cluster", "--config", config.toString());
        assertEquals(Gw.EXIT_USAGE, code, err.toString());
        assertTrue(err.toString().contains("cluster.gateways[1].lissten: unknown key"), "<<" + err + ">>");
    }
}
