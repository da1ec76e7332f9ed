package io.gwkit.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running subcommand alive until Ctrl-C / SIGTERM (or {@link #stop()} in tests), then closes its
 * server on the command's own thread, and lets the JVM exit only once that close has finished.
 */
final class RunUntilStopped {

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    void stop() {
        stopRequested.countDown();
    }

    /** Blocks until stopped, then closes {@code server}. */
    void await(AutoCloseable server) throws Exception {
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gw-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopRequested.await();
            server.close();
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us
            }
        }
    }
}
