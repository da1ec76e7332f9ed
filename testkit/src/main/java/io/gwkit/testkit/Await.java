package io.gwkit.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits in tests for something that happens on another thread or another socket: polls a condition every few
 * milliseconds until it holds or a generous timeout passes, then fails with {@link AssertionError} naming what was
 * awaited. One helper instead of hand-written {@code while (...) Thread.sleep(...)} loops; the timeout is generous
 * because test machines are shared and loaded, and a passing test never waits for it.
 *
 * <pre>{@code
 * Await.until("two workers", () -> gateway.workerCount() == 2);
 * Await.value("messages counted", 3L, () -> stats.messages());
 * }</pre>
 */
public final class Await {

    /** The timeout of {@link #until(String, BooleanSupplier)} and {@link #value(String, Object, Supplier)}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final long POLL_MILLIS = 5;

    private Await() {
    }

    /**
     * Waits until {@code condition} holds, for up to {@link #DEFAULT_TIMEOUT}.
     *
     * @return how long it took
     * @throws AssertionError when it does not hold in time (the message names {@code what})
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public static Duration until(String what, BooleanSupplier condition) throws InterruptedException {
        return until(what, DEFAULT_TIMEOUT, condition);
    }

    /** {@link #until(String, BooleanSupplier)} with its own {@code timeout}. */
    public static Duration until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Waits until {@code actual} returns a value equal to {@code expected}, for up to {@link #DEFAULT_TIMEOUT}; the
     * failure message shows the last value seen.
     */
    public static <T> void value(String what, T expected, Supplier<? extends T> actual) throws InterruptedException {
        Object[] last = new Object[1];
        try {
            until(what, () -> Objects.equals(expected, last[0] = actual.get()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": expected " + expected + " but was " + last[0], e);
        }
    }
}
