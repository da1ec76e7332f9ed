package io.gwkit.conformance.record;

import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.Link;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Collects the frames of every recorded connection of one scenario run, with step attribution: a frame
 * belongs to the step that was running when its last byte arrived. Thread-safe: proxies and test clients
 * record from their own threads.
 */
public final class Recorder {

    private final AtomicLong clock = new AtomicLong();
    private final Map<Link, AtomicInteger> connCounters = new EnumMap<>(Link.class);
    private final List<CapturedFrame> frames = new ArrayList<>();
    private final Map<Integer, Integer> framesPerStep = new java.util.HashMap<>();
    private final Consumer<CapturedFrame> sink;
    private volatile Integer step;
    private volatile boolean callStep;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean stopped;
    private volatile java.util.function.Predicate<CapturedFrame> observed = f -> true;

    /** A recorder that keeps frames in memory. */
    public Recorder() {
        this(null);
    }

    /** A recorder that also hands every frame to {@code sink} as soon as it is complete. */
    public Recorder(Consumer<CapturedFrame> sink) {
        this.sink = sink;
        for (Link l : Link.values()) {
            connCounters.put(l, new AtomicInteger());
        }
    }

    /** Marks the start of step {@code index}; {@code isCall} tells connections opened now belong to a GatewayClient. */
    public void beginStep(int index, boolean isCall) {
        this.callStep = isCall;
        this.step = index;
        activity();
    }

    /** Marks the end of a step's own action: the quiet period is counted from here at the earliest. */
    public void stepActionDone() {
        activity();
    }

    public Integer currentStep() {
        return step;
    }

    boolean inCallStep() {
        return callStep;
    }

    /** Starts recording a new TCP connection. */
    public ConnectionRecorder open(Link link, String server, String clientName, boolean webSocket) {
        int n = connCounters.get(link).incrementAndGet();
        return new ConnectionRecorder(this, link, link.wireName() + "#" + n, server, clientName, webSocket, callStep);
    }

    /**
     * The shared clock: epoch microseconds, strictly increasing. Several proxy processes appending to one
     * file therefore produce comparable values.
     */
    public long tick() {
        java.time.Instant i = java.time.Instant.now();
        long now = i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
        return clock.updateAndGet(prev -> Math.max(prev + 1, now));
    }

    void activity() {
        lastActivityNanos = System.nanoTime();
    }

    /** Ignores everything from now on (the runner's own cleanup is not part of the scenario). */
    public void stop() {
        stopped = true;
    }

    void add(CapturedFrame f) {
        if (stopped) {
            return;
        }
        synchronized (frames) {
            frames.add(f);
            if (f.step() != null && observed.test(f)) {
                framesPerStep.merge(f.step(), 1, Integer::sum);
            }
            frames.notifyAll();
        }
        activity();
        if (sink != null) {
            sink.accept(f);
        }
    }

    /** A snapshot of the frames recorded so far, in completion order. */
    public List<CapturedFrame> frames() {
        synchronized (frames) {
            List<CapturedFrame> copy = new ArrayList<>(frames);
            copy.sort(java.util.Comparator.comparingLong(CapturedFrame::order));
            return copy;
        }
    }

    /** Which frames {@link #awaitFrames} counts: those the comparison will look at. */
    public void countOnly(java.util.function.Predicate<CapturedFrame> observed) {
        this.observed = observed;
    }

    /**
     * Waits until step {@code step} has at least {@code count} counted frames, at most {@code max}. A replay knows
     * from the golden capture how many frames each step brings; waiting for them before the quiet window keeps a
     * frame delayed on a loaded machine from being attributed to the next step.
     *
     * @return false when fewer frames arrived within {@code max}
     */
    public boolean awaitFrames(int step, int count, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (frames) {
            while (framesPerStep.getOrDefault(step, 0) < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                frames.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * Waits until no recorded traffic has been seen for {@code quiet} (docs/CAPTURE-FORMAT.md: "after every step the
     * runner waits until no captured traffic has been seen for 250 ms"), at most {@code max}.
     *
     * @return false when traffic never went quiet within {@code max}
     */
    public boolean awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            long idle = System.nanoTime() - lastActivityNanos;
            if (idle >= quiet.toNanos()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(Math.max(1, (quiet.toNanos() - idle) / 1_000_000));
        }
    }
}
