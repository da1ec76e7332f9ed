package io.gwkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Records what slf4j-simple writes (it writes to System.err as it is at each call) while still passing it
 * on, so a test can count the log lines about one offender. Tests run one at a time in this module.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (buffer) {
                    buffer.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    public String text() {
        synchronized (buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Lines at {@code level} (e.g. "WARN") that contain every one of {@code parts}. */
    public List<String> lines(String level, String... parts) {
        return text().lines()
                .filter(l -> l.contains(" " + level + " "))
                .filter(l -> Arrays.stream(parts).allMatch(l::contains))
                .toList();
    }

    /** Waits (generously) until at least one such line was logged; returns them. */
    public List<String> await(String level, String... parts) throws InterruptedException {
        long deadline = System.nanoTime() + InnerPeer.READ_TIMEOUT_MS * 1_000_000L;
        List<String> found = lines(level, parts);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            found = lines(level, parts);
        }
        return found;
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
