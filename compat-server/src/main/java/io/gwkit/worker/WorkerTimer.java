package io.gwkit.worker;

/**
 * A timer added with {@link WorkerContext#addTimer}: Workerman's {@code Timer::add} id, as an object.
 * Thread-safe.
 */
public interface WorkerTimer {

    /**
     * Stops the timer (Workerman's {@code Timer::del}): a run not yet started will not start; a run in progress
     * finishes. Returns false when it had already ended (a one-shot timer that ran, or cancelled before).
     */
    boolean cancel();

    /** Whether the timer will still run: not cancelled, and for a one-shot timer, not yet started. */
    boolean isActive();
}
