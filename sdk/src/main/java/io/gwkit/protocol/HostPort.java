package io.gwkit.protocol;

import io.netty.util.NetUtil;
import java.net.InetSocketAddress;

/**
 * A {@code host:port} address as registers, gateways, options and captures write them: {@code 127.0.0.1:1236},
 * {@code gw.example:7000}, {@code [::1]:1236} (an IPv6 host in brackets; {@link #host()} is without them).
 * The one parser of such text in gwkit.
 *
 * @param host a host name or IP literal, never empty, without brackets
 * @param port 0 to 65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws InvalidAddressException when the text is null, has no port, an empty host, a port that is not a
     *                                 number in 0..65535, or an IPv6 host without brackets
     */
    public static HostPort parse(String address) {
        if (address == null) {
            throw new InvalidAddressException(null, "no address");
        }
        String host;
        String port;
        if (address.startsWith("[")) {
            int close = address.indexOf("]:");
            if (close < 0) {
                throw new InvalidAddressException(address, "no ]:port after the IPv6 host");
            }
            host = address.substring(1, close);
            port = address.substring(close + 2);
        } else {
            int colon = address.lastIndexOf(':');
            if (colon < 0) {
                throw new InvalidAddressException(address, "no port");
            }
            host = address.substring(0, colon);
            port = address.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new InvalidAddressException(address, "an IPv6 host needs brackets");
            }
        }
        if (host.isEmpty()) {
            throw new InvalidAddressException(address, "empty host");
        }
        return new HostPort(host, parsePort(address, port));
    }

    private static int parsePort(String address, String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidAddressException(address, "port is not a number");
        }
        int value = Integer.parseInt(port);
        if (value > 0xFFFF) {
            throw new InvalidAddressException(address, "port out of range 0..65535");
        }
        return value;
    }

    /**
     * A socket address for connecting or binding: an IP literal without any lookup, a host name resolved
     * (blocking) as {@link InetSocketAddress#InetSocketAddress(String, int)} does.
     */
    public InetSocketAddress socketAddress() {
        return isLiteral() ? new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(host), port)
                : new InetSocketAddress(host, port);
    }

    /** Whether the host is an IPv4 or IPv6 literal rather than a name. */
    public boolean isLiteral() {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    }

    /** Whether the host is an IPv6 literal (written in brackets). */
    public boolean isIpv6() {
        return host.indexOf(':') >= 0;
    }

    /** {@code host:port}, or {@code [host]:port} for an IPv6 host: {@link #parse} reads it back. */
    @Override
    public String toString() {
        return isIpv6() ? "[" + host + "]:" + port : host + ":" + port;
    }
}
