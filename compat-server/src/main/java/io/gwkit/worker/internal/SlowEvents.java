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
    private final Map<Running, Boolean> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;

    /** A call in progress: what it is ("onMessage") and its client (null: none), joined only when logged. */
    public static final class Running {
        final String action;
        final String clientId;
        final Thread thread = Thread.currentThread();
        final long started = System.nanoTime();
        volatile boolean logged;

        Running(String action, String clientId) {
            this.action = action;
            this.clientId = clientId;
        }

        String what() {
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
        Running r = new Running(action, clientId);
        running.put(r, Boolean.TRUE);
        return r;
    }

    public void end(Running r) {
        if (r != null) {
            running.remove(r);
            if (r.logged) {
                LOG.warn("{} finished after {} ms", r.what(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - r.started));
            }
        }
    }

    private void check() {
        long now = System.nanoTime();
        for (Running r : running.keySet()) {
            if (!r.logged && now - r.started > thresholdNanos) {
                r.logged = true;
                Throwable where = new Throwable("stack of " + r.thread.getName() + " at that moment");
                where.setStackTrace(r.thread.getStackTrace());
                LOG.warn("{} has run for over {} ms (processTimeout)", r.what(),
                        TimeUnit.NANOSECONDS.toMillis(thresholdNanos), where);
            }
        }
    }

    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }
}
