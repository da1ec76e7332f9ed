package io.gwkit.testkit;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The socket side of the mocks: a loopback listener on an ephemeral port, one daemon thread per accepted
 * connection (plain blocking sockets: tests need clarity, not throughput), and the connection-level faults.
 */
abstract class LoopbackServer implements Closeable {

    /** How long {@code take...()} waits by default, and how long a request waits for a queued reply. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final ServerSocket server;
    private final String name;
    private final AtomicInteger accepted = new AtomicInteger();
    final List<Socket> open = new CopyOnWriteArrayList<>();
    volatile Fault fault = Fault.NONE;
    volatile Duration timeout = DEFAULT_TIMEOUT;

    LoopbackServer(String name) throws IOException {
        this.name = name;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        daemon(name + "-" + server.getLocalPort(), this::acceptLoop);
    }

    /** Handles one connection until it ends; an IOException ends it. */
    abstract void serve(Socket socket, int index) throws IOException, InterruptedException;

    /** The port on 127.0.0.1. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, as a register lists it and the SDK is configured with it. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Misbehave from now on (see {@link Fault}); {@link Fault#NONE} to stop. */
    public void fault(Fault fault) {
        this.fault = fault == null ? Fault.NONE : fault;
    }

    /** How long {@code take...()} without a timeout and an unanswered request wait (10 s by default). */
    public void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    /** Connections accepted so far. */
    public int connectionCount() {
        return accepted.get();
    }

    /** Closes every open connection; the listener stays (a restart as the peer sees it). */
    public void dropConnections() {
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        dropConnections();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            int index = accepted.incrementAndGet();
            Fault f = fault;
            if (f == Fault.DISCONNECT_AT_START) {
                closeQuietly(s);
                continue;
            }
            open.add(s);
            if (f == Fault.STALL_AT_START) {
                continue; // never read: kept open until dropConnections() or close()
            }
            daemon(name + "-conn-" + index, () -> {
                try {
                    s.setTcpNoDelay(true);
                    serve(s, index);
                } catch (IOException e) {
                    // the connection ended
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    open.remove(s);
                    closeQuietly(s);
                }
            });
        }
    }

    static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    static void sleep(Duration d) throws InterruptedException {
        if (!d.isZero()) {
            Thread.sleep(d.toMillis());
        }
    }
}
