package io.gwkit.faults;

import java.util.function.BooleanSupplier;

/** The faults tests' timeout for testkit's {@link io.gwkit.testkit.Await}; returns the elapsed time. */
final class Await {

    static final long TIMEOUT_SECONDS = 30;

    private Await() {
    }

    /** Waits until {@code condition} holds; returns how long that took, in milliseconds. */
    static long until(String what, BooleanSupplier condition) throws InterruptedException {
        return io.gwkit.testkit.Await.until(what, java.time.Duration.ofSeconds(TIMEOUT_SECONDS), condition).toMillis();
    }
}
