package io.gwkit.torture;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The long-lived text client that watches the whole run. A reader thread collects every line the tool itself
 * caused (lines mentioning {@code torture-}); the demo app's logout broadcasts and other noise are dropped.
 */
final class Bystander implements Closeable {

    private static final String TAG = "torture-";

    private final RawConnection connection;
    private final String clientId;
    private final Set<String> seen = new HashSet<>();
    private final Thread reader;
    private volatile boolean alive = true;

    private Bystander(RawConnection connection, String clientId) {
        this.connection = connection;
        this.clientId = clientId;
        this.reader = new Thread(this::readLoop, "torture-bystander");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects and waits for the demo app's welcome line. */
    static Bystander connect(TextClient.Session session) {
        return new Bystander(session.connection(), session.clientId());
    }

    String clientId() {
        return clientId;
    }

    boolean alive() {
        return alive;
    }

    boolean send(String line) {
        try {
            connection.write((line + "\n").getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until {@code line} arrived (also if it arrived earlier); the wait in ms, or -1. */
    long await(String line, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        synchronized (seen) {
            while (!seen.contains(line)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !alive) {
                    return -1;
                }
                seen.wait(Math.max(1, left / 1_000_000));
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    boolean hasSeen(String line) {
        synchronized (seen) {
            return seen.contains(line);
        }
    }

    private void readLoop() {
        byte[] buf = new byte[64 * 1024];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int n;
            while ((n = connection.readBlocking(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        String s = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        if (s.contains(TAG)) {
                            synchronized (seen) {
                                seen.add(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
                                seen.notifyAll();
                            }
                        }
                    } else if (line.size() < 4096) { // tool lines are short; longer ones are noise
                        line.write(buf[i]);
                    }
                }
            }
        } catch (IOException e) {
            // connection lost: reported through alive()
        } finally {
            alive = false;
            synchronized (seen) {
                seen.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
