package io.gwkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.conformance.report.Reports;
import io.gwkit.conformance.runner.ScenarioRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capture recorded from the Java cluster (as {@code gw capture run} does) replays against it as PASS. */
@Tag("socket")
class RecordReplayRoundTripTest {

    @Test
    void recordThenReplayTheJavaClusterPasses(@TempDir Path dir) throws Exception {
        Capture golden = Captures.read("session_set_update_get");
        CaptureHeader scenario = golden.header();
        try (SdkCallExecutor calls = new SdkCallExecutor()) {
            Capture recorded;
            try (EmbeddedTarget target = new EmbeddedTarget()) {
                // Recorded with the golden capture's frame counts as the pacing, so a frame delayed on a loaded
                // machine still lands in its own step (a plain recording has only the quiet window to go by).
                recorded = new ScenarioRunner(calls, EmbeddedConformanceTest.QUIET).replay(golden, target);
            }
            Path file = dir.resolve("session_set_update_get" + CaptureReader.SUFFIX);
            CaptureWriter.write(recorded, file);
            Capture reread = CaptureReader.read(file);
            assertEquals(recorded.frames().size(), reread.frames().size());
            assertTrue(reread.frames().stream().anyMatch(f -> f.step() == null), "startup frames are recorded");
            assertEquals(scenario.steps().size(), reread.header().steps().size());
            assertEquals("7f0000010b5400000001", reread.header().clientIds().get("c1"));

            try (EmbeddedTarget target = new EmbeddedTarget()) {
                ScenarioResult r = ConformanceSuite.builder().capture(file).target(target).calls(calls).quiet(EmbeddedConformanceTest.QUIET).build()
                        .runOne(file);
                assertEquals(Outcome.PASS, r.outcome(), () -> Reports.details(r));
            }
        }
    }
}
