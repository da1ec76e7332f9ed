package io.gwkit.conformance.junit;

import io.gwkit.conformance.CallExecutor;
import io.gwkit.conformance.CaptureReader;
import io.gwkit.conformance.ConformanceSuite;
import io.gwkit.conformance.EmbeddedTarget;
import io.gwkit.conformance.ExternalCallExecutor;
import io.gwkit.conformance.LiveTarget;
import io.gwkit.conformance.Outcome;
import io.gwkit.conformance.ScenarioResult;
import io.gwkit.conformance.SdkCallExecutor;
import io.gwkit.conformance.Target;
import io.gwkit.conformance.report.Reports;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite inside your own {@code mvn test}: extend this class in your test tree, annotate it
 * with {@link ConformanceTarget}, and every golden capture becomes one JUnit test named after its scenario
 * (so surefire's JUnit XML report has one {@code <testcase>} per scenario for CI to show).
 *
 * <pre>{@code
 * @ConformanceTarget(register = "127.0.0.1:1236", text = "127.0.0.1:8282", ws = "127.0.0.1:8283",
 *                    restartCmd = "./restart-cluster.sh")
 * class ClusterConformanceTest extends GatewayWorkerConformance {
 * }
 * }</pre>
 *
 * <p>A scenario passes when it is PASS (or a documented DEVIATION, unless {@code failOnDeviation}); FAIL and
 * ERROR fail its test with the first difference, both sides decoded. After the last scenario the HTML
 * report and index.json are written to {@code reportDir}. Scenarios run one after another: each restarts
 * the cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GatewayWorkerConformance {

    private static final String PREFIX = "gwkit.conformance.";

    private final List<ScenarioResult> results = new ArrayList<>();
    private CallExecutor calls;
    private String targetName;
    private Path reportDir;

    /** One dynamic test per selected capture, in name order. */
    @TestFactory
    Stream<DynamicTest> conformance() throws IOException {
        ConformanceTarget t = getClass().getAnnotation(ConformanceTarget.class);
        if (t == null) {
            throw new IllegalStateException(getClass().getName() + " needs @ConformanceTarget");
        }
        String register = setting("register", t.register());
        String text = setting("text", t.text());
        String ws = setting("ws", t.ws());
        boolean live = !register.isEmpty() || !text.isEmpty() || !ws.isEmpty();
        if (live && (register.isEmpty() || text.isEmpty() || ws.isEmpty())) {
            throw new IllegalStateException("a live conformance target needs register, text and ws (got register="
                    + register + " text=" + text + " ws=" + ws + ")");
        }
        String callCmd = setting("callCmd", t.callCmd());
        calls = callCmd.isEmpty() ? new SdkCallExecutor() : new ExternalCallExecutor(callCmd);
        String restart = setting("restartCmd", t.restartCmd());
        Target target = live
                ? new LiveTarget(register, text, ws, restart.isEmpty() ? null : restart,
                        Duration.ofMillis(Long.parseLong(setting("settleMs", String.valueOf(t.settleMs())))),
                        calls.routesInnerConnections())
                : new EmbeddedTarget();
        targetName = target.describe();
        reportDir = Path.of(setting("reportDir", t.reportDir()));
        String captures = setting("captures", t.captures());
        String only = setting("only", String.join(",", t.only()));
        boolean failOnDeviation = Boolean.parseBoolean(setting("failOnDeviation", String.valueOf(t.failOnDeviation())));

        ConformanceSuite suite = ConformanceSuite.builder()
                .capturesDir(captures.isEmpty() ? BundledCaptures.dir() : Path.of(captures))
                .only(only.isEmpty() ? List.of() : Arrays.stream(only.split(",")).map(String::strip).toList())
                .target(target)
                .calls(calls)
                .build();
        return suite.selected().stream().map(capture -> DynamicTest.dynamicTest(CaptureReader.scenarioName(capture),
                () -> {
                    ScenarioResult r = suite.runOne(capture);
                    results.add(r);
                    boolean ok = r.outcome() == Outcome.PASS || (r.outcome() == Outcome.DEVIATION && !failOnDeviation);
                    if (!ok) {
                        throw new AssertionError(r.line() + "\n" + Reports.details(r));
                    }
                    if (r.outcome() == Outcome.DEVIATION) {
                        System.out.println(r.line());
                    }
                }));
    }

    @AfterAll
    void writeReports() throws Exception {
        if (calls instanceof AutoCloseable) {
            ((AutoCloseable) calls).close();
        }
        if (!results.isEmpty()) {
            Reports.writeHtml(results, targetName, reportDir.resolve("report.html"));
            Reports.writeOutDir(results, targetName, reportDir);
            System.out.println(Reports.summary(results));
        }
    }

    /** The system property {@code gwkit.conformance.<name>} when set, else the annotation's value. */
    private static String setting(String name, String annotated) {
        String p = System.getProperty(PREFIX + name);
        return p != null ? p.strip() : annotated;
    }
}
