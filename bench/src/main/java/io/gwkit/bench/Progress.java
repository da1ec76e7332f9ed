package io.gwkit.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** A one-line progress bar on stderr, redrawn a few times a second; silent unless on a terminal. */
public final class Progress implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final ScheduledExecutorService timer;

    private Progress(PrintWriter err, ScheduledExecutorService timer) {
        this.err = err;
        this.timer = timer;
    }

    /** Shows {@code label} with {@code done}/{@code total} when {@code enabled}; a no-op otherwise. */
    public static Progress start(boolean enabled, PrintWriter err, String label, long total, LongSupplier done) {
        if (!enabled) {
            return new Progress(err, null);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        Progress p = new Progress(err, timer);
        timer.scheduleAtFixedRate(() -> p.draw(label, done.getAsLong(), total), 0, 200, TimeUnit.MILLISECONDS);
        return p;
    }

    /** The bar's text, e.g. {@code [#######       ] 50% echo 500/1000}. */
    static String bar(String label, long done, long total) {
        double f = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(f * WIDTH);
        return "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%% %s %d/%d", (int) (f * 100), label, done, total);
    }

    private void draw(String label, long done, long total) {
        err.print("\r" + bar(label, done, total) + "\u001b[K");
        err.flush();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
