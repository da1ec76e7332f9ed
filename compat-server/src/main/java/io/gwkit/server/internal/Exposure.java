package io.gwkit.server.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule for ports that carry the cluster's trust (the register, a gateway's inner port): without a secret they
 * listen on loopback only, unless the operator asks for PHP's default behaviour (anyone who reaches the port may
 * announce a gateway or run commands) with {@code insecureNoSecret}.
 */
public final class Exposure {

    private static final Logger log = LoggerFactory.getLogger(Exposure.class);

    private Exposure() {
    }

    /**
     * Checks that {@code what} may listen on {@code host} with {@code secret}.
     *
     * @throws IllegalStateException a non-loopback address without a secret and without {@code insecureNoSecret}
     */
    public static void check(String host, String secret, boolean insecureNoSecret, String what) {
        if (!secret.isEmpty() || isLoopback(host)) {
            return;
        }
        if (!insecureNoSecret) {
            throw new IllegalStateException("refusing to listen on " + host + " for " + what + " without a "
                    + "secret: anyone who reaches it could join the cluster. Set a secret (--secret-file FILE or "
                    + "GW_SECRET), listen on 127.0.0.1, or accept PHP's default behaviour with --insecure-no-secret");
        }
        log.warn("{} listens on {} without a secret (--insecure-no-secret): anyone who reaches it can join the "
                + "cluster", what, host);
    }

    /** Whether every address {@code host} names is a loopback address (false when it cannot be resolved). */
    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
