package io.gwkit.cli;

import io.gwkit.conformance.CallExecutor;
import io.gwkit.conformance.ConformanceSuite;
import io.gwkit.conformance.Outcome;
import io.gwkit.conformance.ScenarioResult;
import io.gwkit.conformance.SuiteListener;
import io.gwkit.conformance.Target;
import io.gwkit.conformance.report.Reports;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gw conformance}: replays golden captures against a cluster and grades every scenario. */
@Command(name = "conformance",
        header = "Replay gwcap captures against a cluster and report PASS/FAIL per scenario.",
        description = {
            "Replays every capture in --captures against a target and compares what the target does with the"
                + " capture, byte for byte after the documented masks.",
            "Target: a live cluster (--register, --text, --ws), restarted before every scenario by --restart-cmd"
                + " (or by you); without those options, an embedded Java cluster on ports the system picks.",
            "A live target that does not accept connections fails at once with one line. Reports (--junit,"
                + " --report, --out-dir) are rewritten after every scenario, so a run that is killed leaves them.",
            "Exit code 0 only when every scenario passes (documented deviations allowed), 3 when any fails."})
public final class ConformanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--captures", required = true, paramLabel = "<dir>",
            description = "Directory of *.gwcap.jsonl captures.")
    Path captures;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--only", arity = "1..*", paramLabel = "<name>",
            description = "Only these scenarios (names or globs such as 'send*').")
    List<String> only = new ArrayList<>();

    @Option(names = "--junit", paramLabel = "<file.xml>", description = "Write a JUnit XML report.")
    Path junit;

    @Option(names = "--report", paramLabel = "<file.html>", description = "Write an HTML report.")
    Path report;

    @Option(names = "--out-dir", paramLabel = "<dir>",
            description = "Write index.json, each scenario's recording and a hex wire log per scenario here.")
    Path outDir;

    @Option(names = "--quiet-ms", paramLabel = "<ms>", defaultValue = "250",
            description = "Quiet period that ends each step (default ${DEFAULT-VALUE}, as the captures were made).")
    long quietMs;

    @Option(names = "--verbose",
            description = "Keep the embedded cluster's INFO logs (by default only its warnings are shown).")
    boolean verbose;

    @Option(names = "--compare-server-header",
            description = "Compare the websocket handshake's Server header too (mask 5 off).")
    boolean compareServerHeader;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(captures)) {
            throw new ParameterException(spec.commandLine(), "--captures " + captures + " is not a directory");
        }
        String invalid = targetOptions.validate();
        if (invalid != null) {
            throw new ParameterException(spec.commandLine(), invalid);
        }
        String down = targetOptions.preflight();
        if (down != null) {
            err.println("error: " + down);
            return Gw.EXIT_ERROR;
        }
        if (!targetOptions.isLive() && !verbose) {
            quietEmbeddedLogs();
        }
        CallExecutor calls = targetOptions.callExecutor();
        Target target = targetOptions.target(calls);
        boolean tty = System.console() != null;
        List<ScenarioResult> finished = new ArrayList<>();
        ConformanceSuite suite = ConformanceSuite.builder()
                .capturesDir(captures)
                .target(target)
                .calls(calls)
                .only(only)
                .quiet(Duration.ofMillis(quietMs))
                .maskServerHeader(!compareServerHeader)
                .listener(new SuiteListener() {
                    @Override
                    public void scenarioStarted(String scenario, int index, int total) {
                        if (tty) {
                            err.print("\r\033[K[" + index + "/" + total + "] " + scenario + " ...");
                            err.flush();
                        }
                    }

                    @Override
                    public void scenarioFinished(ScenarioResult r, int index, int total) {
                        if (tty) {
                            err.print("\r\033[K");
                            err.flush();
                        }
                        out.println(r.line());
                        out.flush();
                        finished.add(r);
                        writeReports(finished, target.describe(), err);
                    }
                })
                .build();
        if (suite.selected().isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "no capture in " + captures + (only.isEmpty() ? "" : " matches --only " + only));
        }
        List<ScenarioResult> results;
        try {
            results = suite.run();
        } finally {
            target.close();
            if (calls instanceof AutoCloseable) {
                ((AutoCloseable) calls).close();
            }
        }
        out.println(Reports.summary(results));
        hints(results, targetOptions.neverRestarted(), out);
        boolean allGood = results.stream().allMatch(r -> r.outcome() == Outcome.PASS || r.outcome() == Outcome.DEVIATION);
        return allGood ? Gw.EXIT_OK : Gw.EXIT_CHECK_FAILED;
    }

    /**
     * Writes the requested reports for the scenarios finished so far: after each scenario, so that a run
     * killed by a CI step timeout (or Ctrl-C) still leaves what it found.
     */
    private void writeReports(List<ScenarioResult> results, String target, PrintWriter err) {
        try {
            if (junit != null) {
                Reports.writeJUnit(results, target, junit);
            }
            if (report != null) {
                Reports.writeHtml(results, target, report);
            }
            if (outDir != null) {
                Reports.writeOutDir(results, target, outDir);
            }
        } catch (java.io.IOException e) {
            err.println("error: cannot write the reports: " + e.getMessage());
            err.flush();
        }
    }

    /** One hint line per cause that explains many failures at once. */
    static void hints(List<ScenarioResult> results, boolean neverRestarted, PrintWriter out) {
        boolean failed = results.stream().anyMatch(r -> r.outcome() == Outcome.FAIL);
        if (failed && neverRestarted) {
            out.println("hint: no --restart-cmd: every scenario ran against the same cluster, whose connection "
                    + "numbers, groups, uids and sessions carry over from the scenarios before; each scenario needs a "
                    + "fresh cluster (docs/CONFORMANCE.md, 'Restarting a live cluster')");
        }
        out.flush();
    }

    /**
     * The embedded cluster logs every node's start and stop at INFO: 30 result lines would drown in hundreds.
     * slf4j-simple reads a logger's level when the logger is made, and the nodes' loggers are made when their
     * classes load, after this; a level the user set (-Dorg.slf4j.simpleLogger.log.io.gwkit=...) wins.
     */
    private static void quietEmbeddedLogs() {
        for (String name : new String[] {"io.gwkit", "io.netty"}) {
            String key = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(key) == null && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
