package io.gwkit.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a long-running subcommand alive until Ctrl-C / SIGTERM (or {@link #stop()} in tests), then closes its
 * server on the command's own thread, and lets the JVM exit only once that close has finished.
 */
final class RunUntilStopped {

    /** How long a signal waits for the clean stop before the JVM exits anyway (a hung close must not pin it). */
    private static final long STOP_GRACE_SECONDS = 30;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    /** False for a node of {@code gw cluster}, which stops its nodes itself, in order, on the signal. */
    private volatile boolean onSignal = true;

    void stop() {
        stopRequested.countDown();
    }

    /** Leaves Ctrl-C / SIGTERM to whoever embeds this command; only {@link #stop()} stops it. */
    void ignoreSignals() {
        onSignal = false;
    }

    /** Blocks until stopped (or interrupted), then closes {@code server}. */
    void await(AutoCloseable server) throws Exception {
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                closed.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gw-shutdown");
        if (onSignal) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            stopRequested.await();
        } finally {
            try {
                server.close();
            } finally {
                closed.countDown();
                if (onSignal) {
                    removeHook(hook);
                }
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is what stopped us
        }
    }
}
