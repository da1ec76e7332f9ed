package io.gwkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.conformance.report.Reports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every vendored capture replayed against the embedded Java cluster, one dynamic test each. Like OkHttp's
 * {@code fuzzingserver-expected.txt}, each outcome is compared with the pinned one in
 * {@code expected-outcomes.txt}: a regression fails, and so does a scenario that starts passing (update
 * the pin). The goal is every line PASS, {@code all_group_lists} DEVIATION. {@code UNSTABLE} pins a
 * scenario whose outcome currently varies between runs (a timing bug in the servers): it is run and
 * reported, not asserted. Reports land in {@code target/conformance/}.
 */
@Tag("socket")
class EmbeddedConformanceTest {

    private static final List<ScenarioResult> RESULTS = new ArrayList<>();
    private static final SdkCallExecutor CALLS = new SdkCallExecutor();
    private static final Path OUT = Path.of("target", "conformance");
    /**
     * Longer than the captures' 250 ms: on a loaded build machine a node may stay silent that long in the
     * middle of a step, and its late frames would be attributed to the next one.
     */
    static final java.time.Duration QUIET = java.time.Duration.ofMillis(Long.getLong("gwkit.conformance.quietMs", 500));

    static Map<String, String> pinned() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        try (InputStream in = EmbeddedConformanceTest.class.getResourceAsStream("/expected-outcomes.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+");
                m.put(parts[0], parts[1]);
            }
        }
        return m;
    }

    @Test
    void everyPinnedScenarioHasACaptureAndEveryCaptureAPin() throws IOException {
        List<String> captures = Captures.all().stream().map(CaptureReader::scenarioName).toList();
        assertEquals(captures, new ArrayList<>(pinned().keySet()), "expected-outcomes.txt lists the captures in order");
        for (String outcome : pinned().values()) {
            assertTrue(outcome.equals("UNSTABLE") || List.of("PASS", "DEVIATION", "FAIL", "ERROR").contains(outcome), outcome);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaptureAgainstTheEmbeddedCluster() throws IOException {
        Map<String, String> pins = pinned();
        ConformanceSuite suite = ConformanceSuite.builder()
                .capturesDir(Captures.dir())
                .target(new EmbeddedTarget())
                .calls(CALLS)
                .quiet(QUIET)
                .build();
        return Captures.all().stream().map(p -> DynamicTest.dynamicTest(CaptureReader.scenarioName(p), () -> {
            ScenarioResult r = suite.runOne(p);
            synchronized (RESULTS) {
                RESULTS.add(r);
            }
            String pin = pins.get(r.scenario());
            if ("UNSTABLE".equals(pin)) {
                System.out.println("UNSTABLE (not asserted): " + r.line());
                return;
            }
            assertEquals(pin, r.outcome().name(), () -> "outcome changed (update expected-outcomes.txt if this is "
                    + "progress): " + r.line() + "\n" + Reports.details(r));
        }));
    }

    @AfterAll
    static void writeReports() throws IOException {
        CALLS.close();
        if (!RESULTS.isEmpty()) {
            Reports.writeHtml(RESULTS, "gwkit embedded Java cluster (LocalCluster)", OUT.resolve("report.html"));
            Reports.writeOutDir(RESULTS, "gwkit embedded Java cluster (LocalCluster)", OUT);
            System.out.println(Reports.summary(RESULTS));
        }
    }
}
