package io.gwkit.conformance.record;

import io.gwkit.conformance.Link;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy that forwards bytes both ways unchanged and records every connection through it. Each
 * accepted connection gets a fresh upstream connection; when one side half-closes, so does the other,
 * so the peers see the same stream endings they would see without the proxy.
 */
public final class RecordingProxy implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingProxy.class);
    private static final int BUFFER = 64 * 1024;
    private static final int ACCEPT_POLL_MS = 50;
    private static final java.time.Duration BIND_RETRY = java.time.Duration.ofSeconds(10);

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final Link link;
    private final String serverName;
    private final boolean webSocket;
    private final Recorder recorder;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadIds = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * @param listen     where to listen (port 0 for an ephemeral port)
     * @param upstream   where to forward
     * @param serverName the {@code server} address the capture names (the address peers believe they reach)
     * @param webSocket  for a client link: websocket framing instead of text lines
     */
    public RecordingProxy(InetSocketAddress listen, InetSocketAddress upstream, Link link, String serverName,
                          boolean webSocket, Recorder recorder) throws IOException {
        this.upstream = upstream;
        this.link = link;
        this.serverName = serverName;
        this.webSocket = webSocket;
        this.recorder = recorder;
        this.server = bind(listen);
        this.acceptor = new Thread(this::acceptLoop, "capture-proxy-" + serverName);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Binds, retrying for a while: the previous scenario's listener on the same canonical port may still
     * be going away.
     */
    private static ServerSocket bind(InetSocketAddress listen) throws IOException {
        long deadline = System.nanoTime() + BIND_RETRY.toNanos();
        while (true) {
            ServerSocket s = new ServerSocket();
            try {
                s.setReuseAddress(true);
                s.bind(listen);
                s.setSoTimeout(ACCEPT_POLL_MS);
                return s;
            } catch (BindException e) {
                s.close();
                if (System.nanoTime() > deadline) {
                    throw new BindException("cannot listen on " + listen + ": " + e.getMessage());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The address actually listened on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /**
     * Accepts with a short timeout and closes the listener itself when told to stop: closing a ServerSocket
     * from another thread while this one is blocked in accept() can leave the port bound for a while.
     */
    private void acceptLoop() {
        try {
            acceptUntilClosed();
        } finally {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void acceptUntilClosed() {
        while (!closed) {
            Socket in;
            try {
                in = server.accept();
            } catch (SocketTimeoutException poll) {
                continue;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("proxy {} stopped accepting: {}", serverName, e.toString());
                }
                return;
            }
            ConnectionRecorder rec = recorder.open(link, serverName, null, webSocket);
            Socket out = new Socket();
            try {
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                out.connect(upstream, 5000);
            } catch (IOException e) {
                LOG.warn("proxy {}: upstream {} unreachable: {}", serverName, upstream, e.toString());
                closeQuietly(in);
                closeQuietly(out);
                rec.finish();
                continue;
            }
            sockets.add(in);
            sockets.add(out);
            Pair pair = new Pair(in, out, rec);
            start(() -> pair.pump(in, out, true));
            start(() -> pair.pump(out, in, false));
        }
    }

    private void start(Runnable r) {
        Thread t = new Thread(r, "capture-proxy-" + serverName + "-" + threadIds.incrementAndGet());
        t.setDaemon(true);
        t.start();
    }

    /** Both sockets of one proxied connection; the recorder is finished when both directions ended. */
    private final class Pair {
        private final Socket in;
        private final Socket out;
        private final ConnectionRecorder rec;
        private final AtomicInteger open = new AtomicInteger(2);

        Pair(Socket in, Socket out, ConnectionRecorder rec) {
            this.in = in;
            this.out = out;
            this.rec = rec;
        }

        void pump(Socket from, Socket to, boolean fromConnecting) {
            byte[] buf = new byte[BUFFER];
            boolean reset = false;
            try {
                InputStream is = from.getInputStream();
                OutputStream os = to.getOutputStream();
                int n;
                while ((n = is.read(buf)) > 0) {
                    // record first: the peer's answer must never be recorded before what caused it
                    if (fromConnecting) {
                        rec.fromConnecting(buf, 0, n);
                    } else {
                        rec.fromListening(buf, 0, n);
                    }
                    os.write(buf, 0, n);
                    os.flush();
                }
            } catch (SocketException e) {
                reset = true;
            } catch (IOException e) {
                reset = true;
                LOG.debug("proxy {}: {}", serverName, e.toString());
            }
            try {
                if (reset) {
                    closeQuietly(from);
                    closeQuietly(to);
                } else if (!to.isClosed()) {
                    to.shutdownOutput();
                }
            } catch (IOException e) {
                closeQuietly(to);
            }
            if (open.decrementAndGet() == 0) {
                closeQuietly(in);
                closeQuietly(out);
                sockets.remove(in);
                sockets.remove(out);
                rec.finish();
            }
        }
    }

    /** shutdownOutput first: close() alone does not send the FIN while another thread is blocked reading. */
    private static void closeQuietly(Socket s) {
        try {
            if (s.isConnected() && !s.isClosed() && !s.isOutputShutdown()) {
                s.shutdownOutput();
            }
        } catch (IOException ignored) {
            // reset already
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
