package io.gwkit.conformance;

import io.gwkit.conformance.compare.CaptureComparator;
import io.gwkit.conformance.compare.Masks;
import io.gwkit.conformance.runner.ScenarioRunner;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replays golden captures against a target and grades each scenario. Build one with {@link #builder()};
 * {@link #run()} runs the selected scenarios one after another (each needs a fresh cluster).
 */
public final class ConformanceSuite {

    private final List<Path> captures;
    private final Target target;
    private final CallExecutor calls;
    private final List<String> only;
    private final SuiteListener listener;
    private final Duration quiet;
    private final boolean maskServerHeader;

    private ConformanceSuite(Builder b) {
        this.captures = List.copyOf(b.captures);
        this.target = Objects.requireNonNull(b.target, "target");
        this.calls = Objects.requireNonNull(b.calls, "call executor");
        this.only = List.copyOf(b.only);
        this.listener = b.listener;
        this.quiet = b.quiet;
        this.maskServerHeader = b.maskServerHeader;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The captures selected by {@code only} (globs on scenario names; empty selects all). */
    public List<Path> selected() {
        if (only.isEmpty()) {
            return captures;
        }
        List<PathMatcher> globs = only.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        return captures.stream()
                .filter(p -> globs.stream().anyMatch(m -> m.matches(Path.of(CaptureReader.scenarioName(p)))))
                .toList();
    }

    public List<ScenarioResult> run() {
        List<Path> sel = selected();
        List<ScenarioResult> results = new ArrayList<>();
        for (int i = 0; i < sel.size(); i++) {
            String name = CaptureReader.scenarioName(sel.get(i));
            listener.scenarioStarted(name, i + 1, sel.size());
            ScenarioResult r = runOne(sel.get(i));
            results.add(r);
            listener.scenarioFinished(r, i + 1, sel.size());
        }
        return results;
    }

    /** Replays one capture file; never throws, a scenario that cannot run is an {@link Outcome#ERROR}. */
    public ScenarioResult runOne(Path captureFile) {
        long t0 = System.nanoTime();
        Capture expected;
        try {
            expected = CaptureReader.read(captureFile);
        } catch (IOException | RuntimeException e) {
            return new ScenarioResult(CaptureReader.scenarioName(captureFile), "", Outcome.ERROR, List.of(), null, null,
                    Duration.ofNanos(System.nanoTime() - t0), "unreadable capture: " + e.getMessage());
        }
        return runOne(expected, t0);
    }

    private ScenarioResult runOne(Capture expected, long t0) {
        Capture actual;
        try {
            actual = new ScenarioRunner(calls, quiet).replay(expected, target);
        } catch (Exception e) {
            return new ScenarioResult(expected.scenario(), expected.header().description(), Outcome.ERROR, List.of(),
                    expected, null, Duration.ofNanos(System.nanoTime() - t0), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        CaptureComparator cmp = new CaptureComparator(new Masks(maskServerHeader), target::observes);
        CaptureComparator.Comparison c = cmp.compare(expected, actual);
        return new ScenarioResult(expected.scenario(), expected.header().description(), c.outcome(), c.differences(),
                expected, actual, Duration.ofNanos(System.nanoTime() - t0), null);
    }

    public static final class Builder {
        private final List<Path> captures = new ArrayList<>();
        private Target target;
        private CallExecutor calls;
        private final List<String> only = new ArrayList<>();
        private SuiteListener listener = new SuiteListener() { };
        private Duration quiet = ScenarioRunner.QUIET;
        private boolean maskServerHeader = true;

        /** Adds every capture in {@code dir}. */
        public Builder capturesDir(Path dir) throws IOException {
            captures.addAll(CaptureReader.list(dir));
            return this;
        }

        public Builder capture(Path file) {
            captures.add(file);
            return this;
        }

        public Builder target(Target t) {
            this.target = t;
            return this;
        }

        public Builder calls(CallExecutor c) {
            this.calls = c;
            return this;
        }

        /** Restricts the run to scenarios matching these globs ({@code send*}). */
        public Builder only(List<String> globs) {
            only.addAll(globs);
            return this;
        }

        public Builder listener(SuiteListener l) {
            this.listener = l;
            return this;
        }

        /** The quiet period closing each step (docs/CAPTURE-FORMAT.md: 250 ms). */
        public Builder quiet(Duration d) {
            this.quiet = d;
            return this;
        }

        /** Whether to mask the websocket handshake's {@code Server:} header (mask 5); default true. */
        public Builder maskServerHeader(boolean mask) {
            this.maskServerHeader = mask;
            return this;
        }

        public ConformanceSuite build() {
            return new ConformanceSuite(this);
        }
    }
}
