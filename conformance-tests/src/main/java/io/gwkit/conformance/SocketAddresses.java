package io.gwkit.conformance;

import io.gwkit.protocol.HostPort;
import java.net.InetSocketAddress;

/** {@code host:port} strings, as captures, scenarios and options write addresses. */
public final class SocketAddresses {

    private SocketAddresses() {
    }

    /** Parses {@code host:port} or {@code [ipv6]:port} ({@link HostPort#parse}); throws IllegalArgumentException quoting the text. */
    public static InetSocketAddress parse(String hostPort) {
        return HostPort.parse(hostPort).socketAddress();
    }

    public static String format(InetSocketAddress a) {
        return new HostPort(a.getHostString(), a.getPort()).toString();
    }
}
