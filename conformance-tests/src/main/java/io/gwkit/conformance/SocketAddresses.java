package io.gwkit.conformance;

import java.net.InetSocketAddress;

/** {@code host:port} strings, as captures, scenarios and options write addresses. */
public final class SocketAddresses {

    private SocketAddresses() {
    }

    /** Parses {@code host:port}; throws IllegalArgumentException quoting the text otherwise. */
    public static InetSocketAddress parse(String hostPort) {
        int c = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (c <= 0) {
            throw new IllegalArgumentException("expected host:port, got \"" + hostPort + "\"");
        }
        try {
            return new InetSocketAddress(hostPort.substring(0, c), Integer.parseInt(hostPort.substring(c + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected host:port, got \"" + hostPort + "\"", e);
        }
    }

    public static String format(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
