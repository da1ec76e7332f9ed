package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gwkit.cluster.LocalCluster;
import io.gwkit.worker.EventContext;
import io.gwkit.worker.EventHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gw torture} in-process against embedded Java clusters on ephemeral ports. */
@Tag("socket")
class TortureCommandTest {

    private static final String SECRET = "s3cr3t/K3y";
    /** Cases left out of the "all fast cases" run: auth timeout, floods, crowds, multi-megabyte streams. */
    private static final String NOT_FAST = "-1.8,-1.11,-3.7,-3.8,-3.9,-4.1,-4.2,-4.4,-5.6,-5.10,-5.11";

    @TempDir
    Path dir;

    private static final class Run {
        final StringWriter out = new StringWriter();
        final int exit;

        Run(LocalCluster cluster, String... extra) {
            List<String> args = new ArrayList<>(List.of("torture",
                    "--register", hostPort(cluster.registerAddress()), "--text", hostPort(cluster.textAddress()),
                    "--ws", hostPort(cluster.wsAddress()), "--inner", cluster.textInnerAddress(),
                    "--slow", "600000")); // no timing verdicts in tests
            args.addAll(List.of(extra));
            exit = Gw.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
                    .execute(args.toArray(String[]::new));
        }

        /** Case id → outcome word, from the report lines. */
        Map<String, String> outcomes() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : out.toString().split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[0].matches("\\d+\\.\\d+")) {
                    m.put(f[0], f[2]);
                }
            }
            return m;
        }

        String summary() {
            String[] lines = out.toString().trim().split("\n");
            return lines[lines.length - 1].trim();
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return "127.0.0.1:" + a.getPort();
    }

    @Test
    void aFastSubsetSurvivesAndIsWrittenAsJson() throws Exception {
        Path json = dir.resolve("torture.json");
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().secretKey(SECRET).build().start()) {
            Run run = new Run(cluster, "--secret", SECRET, "--cases", "1.1,1.12,2.2,2.13,3.1,4.3,5.4",
                    "--json", json.toString());
            assertEquals("7 survived, 0 degraded, 0 down", run.summary(), run.out.toString());
            assertEquals(List.of("1.1", "1.12", "2.2", "2.13", "3.1", "4.3", "5.4"), List.copyOf(run.outcomes().keySet()));
            assertTrue(run.outcomes().values().stream().allMatch("survived"::equals), run.out.toString());
            assertEquals(Gw.EXIT_OK, run.exit);
            assertTrue(run.out.toString().contains("cmd 6 without auth → not delivered, closed by peer"), run.out.toString());
            JsonNode report = new ObjectMapper().readTree(Files.readString(json));
            assertEquals(7, report.get("cases").size());
            assertEquals("survived", report.get("cases").get(1).get("outcome").asText());
            assertEquals(7, report.get("summary").get("survived").asInt());
            assertTrue(report.get("target").get("secret").asBoolean());
        }
    }

    /** With gateway shards (count 2) too: the same wire, so the same outcomes. */
    @org.junit.jupiter.params.ParameterizedTest(name = "gateway count {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void everyFastCaseSurvivesOurCluster(int count) throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().gatewayCount(count).secretKey(SECRET)
                .build().start()) {
            Run run = new Run(cluster, "--secret", SECRET, "--cases", "*," + NOT_FAST);
            Map<String, String> outcomes = run.outcomes();
            assertTrue(outcomes.size() >= 40, run.out.toString());
            outcomes.forEach((id, outcome) -> assertEquals("survived", outcome, id + " in\n" + run.out));
            assertEquals(outcomes.size() + " survived, 0 degraded, 0 down", run.summary());
            assertEquals(Gw.EXIT_OK, run.exit);
        }
    }

    @Test
    void aClusterThatStopsServingIsReportedDownWithExitCode3() throws Exception {
        EventHandler welcomeOnly = new EventHandler() {
            @Override
            public void onConnect(EventContext ctx, String clientId) {
                ctx.sendToClient(clientId, "{\"type\":\"welcome\",\"client_id\":\"" + clientId + "\"}");
            }
        };
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().handler(welcomeOnly).build().start()) {
            Run run = new Run(cluster, "--cases", "3.1,3.2", "--health-timeout", "2");
            assertEquals(Map.of("3.1", "down", "3.2", "down"), run.outcomes(), run.out.toString());
            assertEquals("0 survived, 0 degraded, 2 down", run.summary());
            assertTrue(run.out.toString().contains("bystander echo LOST"), run.out.toString());
            assertEquals(Gw.EXIT_CHECK_FAILED, run.exit);
        }
    }

    @Test
    void refusesNonLoopbackTargetsAndUnknownPatterns() {
        StringWriter err = new StringWriter();
        int code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true)).execute("torture",
                "--register", "127.0.0.1:1", "--text", "127.0.0.1:2", "--inner", "192.0.2.1:3");
        assertEquals(Gw.EXIT_USAGE, code);
        assertTrue(err.toString().contains("not a loopback address"), err.toString());
        code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter(), true)).execute(
                "torture", "--register", "127.0.0.1:1", "--text", "127.0.0.1:2", "--inner", "127.0.0.1:3",
                "--cases", "9.*");
        assertEquals(Gw.EXIT_USAGE, code);
    }
}
