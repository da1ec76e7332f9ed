package io.gwkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A client that sends numbered lines and checks the echoes (any worker's name before ": "). */
/**
 * A client that sends numbered lines ({@code c<id>-<n>}) and checks the echoes (any worker's name before ": "):
 * the fault invariant, "every line echoed exactly once, in order, or the client was closed".
 */
final class NumberedClient implements AutoCloseable {
    final Socket socket = new Socket();
    final BufferedReader in;
    final OutputStream out;
    final int id;
    int sent;
    int echoed;
    /** The name of the worker that echoed the last line. */
    String servedBy;
    /** Lines "push:<n>" received (an SDK's sendToAll), checked to come 0, 1, 2, … */
    int pushes;
    boolean closed;

    NumberedClient(InetSocketAddress address, int id) throws IOException {
        socket.connect(address, 10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
        this.id = id;
    }

    /** Sends the next line; a client the gateway has closed stops sending (the line was never accepted). */
    void send() throws IOException {
        if (closed) {
            return;
        }
        try {
            out.write(("c" + id + "-" + sent + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            sent++;
        } catch (java.net.SocketException e) {
            closed = true; // reset: the gateway closed us
        }
    }

    /** Reads echoes until all sent lines are echoed or the gateway closed us; asserts order, no duplicate. */
    void awaitEchoes(long seconds) throws IOException {
        awaitEchoesAndPushes(seconds, 0);
    }

    /** As {@link #awaitEchoes}, and until {@code expectedPushes} pushes came, in order, each once. */
    void awaitEchoesAndPushes(long seconds, int expectedPushes) throws IOException {
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(seconds));
        try {
            while (!closed && (echoed < sent || pushes < expectedPushes)) {
                String line;
                try {
                    line = in.readLine();
                } catch (java.net.SocketException e) {
                    line = null; // reset: the gateway closed us while our lines were unread
                }
                if (line == null) {
                    closed = true;
                    return;
                }
                if (line.startsWith("push:")) {
                    assertEquals("push:" + pushes, line, "client " + id + ": pushes once each, in order");
                    pushes++;
                    continue;
                }
                assertEquals("c" + id + "-" + echoed, line.substring(line.indexOf(": ") + 2), "client " + id);
                servedBy = line.substring(0, line.indexOf(": "));
                echoed++;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("client " + id + ": " + echoed + " of " + sent + " echoed, " + pushes
                    + " of " + expectedPushes + " pushes, not closed", e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
