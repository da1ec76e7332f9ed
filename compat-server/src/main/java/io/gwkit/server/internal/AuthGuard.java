package io.gwkit.server.internal;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of a port that wants the cluster secret (the register, a gateway's inner port): a cap on connections
 * that have not authenticated yet, a pause for addresses whose authentications failed too often, and the secret
 * comparison itself (constant time). Thread-safe; one per listening port.
 *
 * <p>A connection is admitted ({@link #admit}) when it opens and counts as unauthenticated until
 * {@link #authenticated} or its close. After {@value #DEFAULT_MAX_FAILURES} failed authentications from one address
 * within {@link #DEFAULT_FAILURE_WINDOW}, connections from that address are closed at once until the window ends.
 */
public final class AuthGuard {

    /** Connections that have not authenticated yet, at most (more are closed at once). */
    public static final int DEFAULT_MAX_UNAUTHENTICATED = 1024;
    /** Failed authentications per address and window before that address is refused. */
    public static final int DEFAULT_MAX_FAILURES = 5;
    /** The window of {@link #DEFAULT_MAX_FAILURES}; also how long a refused address stays refused. */
    public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(1);
    /** Addresses remembered (the oldest are forgotten first), so a spoofed flood cannot fill the heap. */
    private static final int MAX_TRACKED_ADDRESSES = 10_000;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final Logger log = LoggerFactory.getLogger(AuthGuard.class);
    private static final AttributeKey<Boolean> PENDING = AttributeKey.valueOf("gwkit.auth.pending");

    private final String what;
    private final int maxUnauthenticated;
    private final int maxFailures;
    private final long windowNanos;
    private int unauthenticated;
    private long lastCapLogNanos = System.nanoTime() - LOG_INTERVAL_NANOS;
    private final Map<InetAddress, long[]> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, long[]> eldest) {
            return size() > MAX_TRACKED_ADDRESSES;
        }
    };

    /** {@code what}: the port, for log lines ("the register", "gateway g's inner port"). */
    public AuthGuard(String what) {
        this(what, DEFAULT_MAX_UNAUTHENTICATED, DEFAULT_MAX_FAILURES, DEFAULT_FAILURE_WINDOW);
    }

    public AuthGuard(String what, int maxUnauthenticated, int maxFailures, Duration failureWindow) {
        this.what = what;
        this.maxUnauthenticated = maxUnauthenticated;
        this.maxFailures = maxFailures;
        this.windowNanos = failureWindow.toNanos();
    }

    /** Whether {@code given} is the secret {@code expected}, in time independent of where they differ. */
    public static boolean secretMatches(String expected, Object given) {
        return given instanceof String && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                ((String) given).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A new connection: false (and the caller closes it) when its address is paused for failed authentications or
     * too many connections are unauthenticated; true counts it as unauthenticated until it authenticates or closes.
     */
    public synchronized boolean admit(Channel channel) {
        long now = System.nanoTime();
        InetAddress address = address(channel);
        long[] f = address == null ? null : failures.get(address);
        if (f != null && f[1] >= maxFailures && now - f[0] < windowNanos) {
            return false; // logged once, when the pause began
        }
        if (unauthenticated >= maxUnauthenticated) {
            if (now - lastCapLogNanos >= LOG_INTERVAL_NANOS) {
                lastCapLogNanos = now;
                log.warn("{}: {} connections have not authenticated yet; closing new ones until fewer are waiting",
                        what, unauthenticated);
            }
            return false;
        }
        unauthenticated++;
        channel.attr(PENDING).set(Boolean.TRUE);
        channel.closeFuture().addListener(done -> settle(channel));
        return true;
    }

    /** {@code channel} authenticated: it no longer counts against the cap. Idempotent. */
    public void authenticated(Channel channel) {
        settle(channel);
    }

    /** {@code channel} sent a wrong secret (the caller closes it). */
    public synchronized void failed(Channel channel) {
        InetAddress address = address(channel);
        if (address == null) {
            return;
        }
        long now = System.nanoTime();
        long[] f = failures.get(address);
        if (f == null || now - f[0] >= windowNanos) {
            f = new long[] {now, 0};
            failures.put(address, f);
        }
        if (++f[1] == maxFailures) {
            log.warn("{}: {} failed authentications from {}; refusing its connections for {} s", what, f[1],
                    address.getHostAddress(), TimeUnit.NANOSECONDS.toSeconds(windowNanos - (now - f[0])));
        }
    }

    /** Connections counted as unauthenticated now. */
    public synchronized int unauthenticated() {
        return unauthenticated;
    }

    private synchronized void settle(Channel channel) {
        if (channel.attr(PENDING).getAndSet(Boolean.FALSE) == Boolean.TRUE) {
            unauthenticated--;
        }
    }

    private static InetAddress address(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress
                ? ((InetSocketAddress) channel.remoteAddress()).getAddress() : null;
    }
}
