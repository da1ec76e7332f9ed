package io.gwkit.worker.internal;

import io.gwkit.worker.WorkerTimer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's timers: scheduled on its event loop; each run is handed to the event dispatcher so that it runs as
 * an event does (inline or on the handler pool). Cancelled all at once when the worker stops.
 */
public final class WorkerTimers {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerTimers.class);

    private final EventExecutor loop;
    private final Consumer<Runnable> dispatch;
    private final Set<Timer> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** @param dispatch runs a timer's task the way events run (see EventDispatcher#runTask) */
    public WorkerTimers(EventExecutor loop, Consumer<Runnable> dispatch) {
        this.loop = loop;
        this.dispatch = dispatch;
    }

    WorkerTimer add(Duration delay, boolean repeat, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("timer delay must be positive: " + delay);
        }
        if (closed) {
            throw new IllegalStateException("worker stopped");
        }
        Timer timer = new Timer(task, repeat);
        active.add(timer);
        long nanos = delay.toNanos();
        timer.future = repeat ? loop.scheduleAtFixedRate(timer::fire, nanos, nanos, TimeUnit.NANOSECONDS)
                : loop.schedule(timer::fire, nanos, TimeUnit.NANOSECONDS);
        return timer;
    }

    /** Timers still due. */
    public int size() {
        return active.size();
    }

    /** Cancels every timer (the worker stops). */
    public void close() {
        closed = true;
        for (Timer t : active) {
            t.cancel();
        }
    }

    private final class Timer implements WorkerTimer {
        private final Runnable task;
        private final boolean repeat;
        volatile ScheduledFuture<?> future;
        private volatile boolean cancelled;

        Timer(Runnable task, boolean repeat) {
            this.task = task;
            this.repeat = repeat;
        }

        void fire() {
            if (!repeat) {
                active.remove(this);
            }
            if (cancelled) {
                return;
            }
            dispatch.accept(() -> {
                if (cancelled) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("timer {} failed", task, e);
                }
            });
        }

        @Override
        public boolean cancel() {
            boolean wasActive = active.remove(this);
            cancelled = true;
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
            return wasActive;
        }

        @Override
        public boolean isActive() {
            return !cancelled && active.contains(this);
        }
    }
}
