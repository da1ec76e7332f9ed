package io.gwkit.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Keeps a started service in the foreground until Ctrl-C / SIGTERM, then stops it cleanly before the JVM exits. */
final class Foreground {

    /** How long a signal waits for the clean stop before the JVM exits anyway. */
    private static final long STOP_GRACE_SECONDS = 30;

    private Foreground() {
    }

    /**
     * Blocks until a signal arrives or {@code stop} is released (tests), then runs {@code shutdown}. A signal's
     * shutdown hook waits for {@code shutdown} to finish, so in-flight work completes.
     */
    static void run(CountDownLatch stop, AutoCloseable shutdown) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gw-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } finally {
            try {
                shutdown.close();
            } finally {
                stopped.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is what released us
                }
            }
        }
    }
}
