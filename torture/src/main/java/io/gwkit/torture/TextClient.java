package io.gwkit.torture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An honest text-protocol end client of the demo app: connect and read the welcome line with the client_id. */
final class TextClient {

    static final String WELCOME = "{\"type\":\"welcome\"";
    private static final Pattern CLIENT_ID = Pattern.compile("\"client_id\":\"([0-9a-f]{20})\"");

    /** A connected client and the client_id its welcome named. */
    record Session(RawConnection connection, String clientId) {
        long connectionId() {
            return Long.parseLong(clientId.substring(12), 16);
        }
    }

    private TextClient() {
    }

    /** Connects and waits for the welcome; throws IOException when none comes (the connection is then closed). */
    static Session connect(InetSocketAddress text, Duration timeout, ScheduledExecutorService timers)
            throws IOException {
        RawConnection c = RawConnection.open(text, timeout, timers);
        try {
            String welcome = welcome(c, timeout);
            return new Session(c, welcome);
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Reads up to the welcome line and returns its client_id. Other clients' broadcasts (the demo app's logout
     * lines) can arrive before it: the gateway lists a client for sendToAll as soon as it accepts it.
     */
    static String welcome(RawConnection c, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] line = c.readLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line == null) {
                throw new IOException(c.sawEof() ? "closed before the welcome"
                        : "no welcome within " + timeout.toMillis() + " ms");
            }
            String s = new String(line, StandardCharsets.UTF_8);
            Matcher m = CLIENT_ID.matcher(s);
            if (s.startsWith(WELCOME) && m.find()) {
                return m.group(1);
            }
        }
    }

    /** Reads lines until {@code expected} (true), EOF or timeout (false). */
    static boolean awaitLine(RawConnection c, String expected, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] want = expected.getBytes(StandardCharsets.UTF_8);
        while (System.nanoTime() < deadline) {
            byte[] line = c.readLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line == null) {
                return false;
            }
            if (java.util.Arrays.equals(line, want)) {
                return true;
            }
        }
        return false;
    }
}
