package io.gwkit.client;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Waiting (generously, without sleeps) for a recorded list guarded by its own monitor to grow. */
final class Await {

    private Await() {
    }

    /** Waits on {@code lock} (which the recorder notifies) until {@code items} has {@code n} entries. */
    static <T> List<T> atLeast(Object lock, Supplier<List<T>> items, int n, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        synchronized (lock) {
            while (items.get().size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " " + what + ", got " + items.get());
                }
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return List.copyOf(items.get());
        }
    }
}
