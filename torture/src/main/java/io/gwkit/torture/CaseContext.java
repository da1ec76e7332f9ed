package io.gwkit.torture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a case works with: the target, the bystander, and connections it opens. Every connection opened here is
 * closed by the runner after the health check, so a case can hold connections (idle, half-open, hundreds)
 * while the cluster's health is checked, and a case that timed out cannot leak sockets.
 */
public final class CaseContext {

    private static final AtomicLong NONCE = new AtomicLong(System.currentTimeMillis() % 100_000 * 1000);

    private final TortureTarget target;
    private final ScheduledExecutorService timers;
    private final Duration wait;
    private final List<AutoCloseable> held = new ArrayList<>();
    private volatile Bystander bystander;

    CaseContext(TortureTarget target, ScheduledExecutorService timers, Duration wait) {
        this.target = target;
        this.timers = timers;
        this.wait = wait;
    }

    public TortureTarget target() {
        return target;
    }

    Bystander bystander() {
        return bystander;
    }

    void bystander(Bystander b) {
        this.bystander = b;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    /** How long a case waits for an expected close or reply. */
    public Duration waitTime() {
        return wait;
    }

    /** A unique line the tool can recognise later: {@code torture-<what>-<n>}. */
    public String marker(String what) {
        return "torture-" + what + "-" + NONCE.incrementAndGet();
    }

    public RawConnection connect(InetSocketAddress address) throws IOException {
        return hold(RawConnection.open(address, wait, timers));
    }

    /** A connection to the inner port, authenticated with cmd 202 first when the target has a secret. */
    public RawConnection connectInner() throws IOException {
        RawConnection c = connect(target.inner());
        if (target.hasSecret()) {
            c.write(InnerFrames.auth(target.secret()));
        }
        return c;
    }

    /** An honest text client that got its welcome. */
    TextClient.Session textClient() throws IOException {
        TextClient.Session s = TextClient.connect(target.text(), wait, timers);
        hold(s.connection());
        return s;
    }

    /** A websocket client after a successful handshake (its welcome frame not yet read). */
    public RawConnection wsClient() throws IOException {
        RawConnection c = connect(target.ws());
        c.write(WebSocketWire.handshake(target.ws().getHostString() + ":" + target.ws().getPort(), "/"));
        String head = WebSocketWire.readResponseHead(c, wait);
        if (WebSocketWire.status(head) != 101) {
            throw new IOException("handshake answered " + (head == null ? "nothing" : head.lines().findFirst().orElse("")));
        }
        return c;
    }

    /** Connections opened in one go, and how many could not be opened. */
    record Crowd(List<RawConnection> open, int failed) {
    }

    /** How a crowd's connections are opened. */
    @FunctionalInterface
    interface Opener {
        RawConnection open() throws IOException;
    }

    /** Opens {@code n} connections that each send {@code first}; all held until the health check. */
    Crowd crowd(int n, Opener opener, byte[] first) {
        List<RawConnection> open = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < n; i++) {
            try {
                RawConnection c = opener.open();
                c.write(first);
                open.add(c);
            } catch (IOException e) {
                failed++;
            }
        }
        return new Crowd(open, failed);
    }

    /** Keeps {@code c} open until the case's health check is done. */
    public synchronized <T extends AutoCloseable> T hold(T c) {
        held.add(c);
        return c;
    }

    synchronized void closeAll() {
        for (AutoCloseable c : held) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        held.clear();
    }
}
