package io.gwkit.torture;

import java.net.InetSocketAddress;

/**
 * The cluster under test: its register, text gateway (end clients), websocket gateway (end clients, optional),
 * the text gateway's inner port, and its secret key ("" = none).
 */
public record TortureTarget(InetSocketAddress register, InetSocketAddress text, InetSocketAddress ws,
                            InetSocketAddress inner, String secret) {

    public TortureTarget {
        secret = secret == null ? "" : secret;
    }

    public boolean hasSecret() {
        return !secret.isEmpty();
    }

    public String registerHostPort() {
        return register.getHostString() + ":" + register.getPort();
    }
}
