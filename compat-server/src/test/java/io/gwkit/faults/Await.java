package io.gwkit.faults;

import java.util.function.BooleanSupplier;

/** Polls a condition with a generous timeout (the machine is shared and loaded); returns the elapsed time. */
final class Await {

    static final long TIMEOUT_SECONDS = 30;

    private Await() {
    }

    /** Waits until {@code condition} holds; returns how long that took, in milliseconds. */
    static long until(String what, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TIMEOUT_SECONDS * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT_SECONDS + " s: " + what);
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
