package io.gwkit.worker.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PHP's {@code processTimeout}: a handler call (event or timer) that runs longer than the threshold is logged once,
 * with what it is handling and the stack of its thread at that moment. A watchdog thread looks every quarter of the
 * threshold; the handler itself is not interrupted.
 */
public final class SlowEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlowEvents.class);

    private final long thresholdNanos;
    /** One record per thread that runs handlers, reused by every call there: watching allocates nothing per event. */
    private final Map<Thread, Running> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;

    /**
     * The call in progress on one thread: what it is ("onMessage") and its client (null: none), joined only when
     * logged. {@code seq} changes with every call, so the watchdog never mixes the fields of two calls.
     */
    public static final class Running {
        final Thread thread;
        private volatile long seq;
        private volatile boolean active;
        private volatile String action;
        private volatile String clientId;
        private volatile long started;
        /** The {@code seq} of the call the watchdog logged: a stale write never marks a later call. */
        private volatile long loggedSeq = -1;

        Running(Thread thread) {
            this.thread = thread;
        }

        private static String what(String action, String clientId) {
            return clientId == null ? action : action + " for client " + clientId;
        }
    }

    /** @param threshold zero: nothing is watched */
    public SlowEvents(Duration threshold, String name) {
        this.thresholdNanos = threshold.toNanos();
        if (thresholdNanos <= 0) {
            watchdog = null;
            return;
        }
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gw-worker-watchdog-" + name);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(20), thresholdNanos / 4);
        watchdog.scheduleAtFixedRate(this::check, period, period, TimeUnit.NANOSECONDS);
    }

    /** The current thread starts {@code action} ("onMessage", "a timer") for {@code clientId} (null: none). */
    public Running begin(String action, String clientId) {
        if (watchdog == null) {
            return null;
        }
        Running r = running.computeIfAbsent(Thread.currentThread(), Running::new);
        r.seq++; // only this thread writes its record (the watchdog writes loggedSeq only)
        r.action = action;
        r.clientId = clientId;
        r.started = System.nanoTime();
        r.active = true;
        return r;
    }

    public void end(Running r) {
        if (r != null) {
            r.active = false;
            boolean logged = r.loggedSeq == r.seq;
            r.seq++;
            if (logged) {
                LOG.warn("{} finished after {} ms", Running.what(r.action, r.clientId),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - r.started));
            }
        }
    }

    private void check() {
        long now = System.nanoTime();
        for (Running r : running.values()) {
            long seq = r.seq;
            if (!r.active || r.loggedSeq == seq || now - r.started <= thresholdNanos) {
                continue;
            }
            String what = Running.what(r.action, r.clientId);
            if (r.seq != seq) { // the thread moved on to another call meanwhile
                continue;
            }
            r.loggedSeq = seq;
            Throwable where = new Throwable("stack of " + r.thread.getName() + " at that moment");
            where.setStackTrace(r.thread.getStackTrace());
            LOG.warn("{} has run for over {} ms (processTimeout)", what,
                    TimeUnit.NANOSECONDS.toMillis(thresholdNanos), where);
        }
    }

    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }
}
