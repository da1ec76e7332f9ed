package io.gwkit.php;

import java.util.concurrent.atomic.AtomicReference;

/** Runs a check on a thread with a deliberately small stack, to prove a decoder does not recurse per level. */
final class SmallStack {

    static final long STACK_BYTES = 256 * 1024;

    private SmallStack() {
    }

    static void run(Runnable check) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                check.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", STACK_BYTES);
        t.start();
        t.join(60_000);
        if (t.isAlive()) {
            throw new AssertionError("small-stack check did not finish");
        }
        if (failure.get() instanceof Error) {
            throw (Error) failure.get();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }
}
