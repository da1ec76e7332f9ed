package io.gwkit.torture;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One blocking TCP connection for hostile traffic: raw writes, reads with a deadline, and "did the peer close
 * it" checks. Every blocking call is bounded: reads by a socket timeout, long writes by a watchdog that closes
 * the socket (a peer that stops reading must not hang the run).
 */
public final class RawConnection implements Closeable {

    /** How a wait for the peer's close ended. */
    public record CloseWait(boolean closed, long millis, long bytesRead) {
        public String describe() {
            return closed ? "closed by peer after " + millis + " ms" : "still open after " + millis + " ms";
        }
    }

    /** How a bounded stream of bytes ended. */
    public record Streamed(long bytesSent, boolean peerClosed, boolean stalled) {
    }

    private static final int MAX_LINE = 16 * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ScheduledExecutorService timers;
    private volatile boolean eof;

    private RawConnection(Socket socket, ScheduledExecutorService timers) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
        this.timers = timers;
    }

    public static RawConnection open(InetSocketAddress address, Duration connectTimeout,
                                     ScheduledExecutorService timers) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, (int) connectTimeout.toMillis());
            return new RawConnection(s, timers);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    public void write(byte[] bytes) throws IOException {
        write(bytes, Duration.ofSeconds(30));
    }

    /** Writes everything, or throws once {@code limit} passed (the socket is then closed). */
    public void write(byte[] bytes, Duration limit) throws IOException {
        ScheduledFuture<?> watchdog = timers.schedule(this::close, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            out.write(bytes);
            out.flush();
        } finally {
            watchdog.cancel(false);
        }
    }

    /**
     * Sends {@code total} bytes of {@code chunk} repeated, until done, the peer closes, or {@code limit} passes
     * (a peer that stops reading: stalled).
     */
    public Streamed stream(byte[] chunk, long total, Duration limit) {
        long sent = 0;
        long deadline = System.nanoTime() + limit.toNanos();
        ScheduledFuture<?> watchdog = timers.schedule(this::close, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            while (sent < total) {
                int n = (int) Math.min(chunk.length, total - sent);
                out.write(chunk, 0, n);
                sent += n;
            }
            out.flush();
            return new Streamed(sent, false, false);
        } catch (IOException e) {
            boolean timedOut = System.nanoTime() >= deadline;
            return new Streamed(sent, !timedOut, timedOut);
        } finally {
            watchdog.cancel(false);
        }
    }

    /** Half-closes: the peer reads EOF, we can still read. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * Reads until the peer closes (EOF or reset) or {@code timeout} passes, discarding what arrives. Always looks
     * at least briefly, so a close that happened long ago is seen.
     */
    public CloseWait awaitClose(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + Math.max(timeout.toNanos(), TimeUnit.MILLISECONDS.toNanos(200));
        long read = 0;
        byte[] buf = new byte[64 * 1024];
        try {
            while (!eof) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new CloseWait(false, millisSince(start), read);
                }
                socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                int n = in.read(buf);
                if (n < 0) {
                    eof = true;
                } else {
                    read += n;
                }
            }
        } catch (SocketTimeoutException e) {
            return new CloseWait(false, millisSince(start), read);
        } catch (IOException e) {
            eof = true; // reset by peer, or closed by our own watchdog
        }
        return new CloseWait(true, millisSince(start), read);
    }

    /** Reads exactly {@code n} bytes; null on EOF or timeout. */
    public byte[] readExactly(int n, Duration timeout) throws IOException {
        byte[] b = new byte[n];
        long deadline = System.nanoTime() + timeout.toNanos();
        int off = 0;
        try {
            while (off < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                int r = in.read(b, off, n - off);
                if (r < 0) {
                    eof = true;
                    return null;
                }
                off += r;
            }
            return b;
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** One {@code \n}-terminated line without the terminator (and a trailing \r); null on EOF or timeout. */
    public byte[] readLine(Duration timeout) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                int b = in.read();
                if (b < 0) {
                    eof = true;
                    return null;
                }
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return java.util.Arrays.copyOf(bytes, len);
                }
                if (line.size() >= MAX_LINE) {
                    throw new IOException("line longer than " + MAX_LINE + " bytes");
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Reads without a deadline (for a reader thread); -1 at EOF. */
    public int readBlocking(byte[] buf) throws IOException {
        socket.setSoTimeout(0);
        int n = in.read(buf);
        if (n < 0) {
            eof = true;
        }
        return n;
    }

    public boolean sawEof() {
        return eof;
    }

    /** Throws EOFException when the peer already closed: for cases that need the connection alive. */
    public void requireOpen() throws EOFException {
        if (eof) {
            throw new EOFException("connection closed by peer");
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
