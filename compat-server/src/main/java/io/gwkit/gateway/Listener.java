package io.gwkit.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One client-facing listener of a gateway: {@code text://host:port}, {@code frame://…}, {@code websocket://…}
 * or {@code tcp://…}. With a PEM certificate and key it speaks TLS ({@code wss} / {@code tls}).
 *
 * @param protocol        client framing
 * @param host            bind host
 * @param port            bind port, 0 for any free port
 * @param maxPackageSize  largest accepted client message in bytes (Workerman's default is 10 MiB)
 * @param certificate     PEM certificate chain, or null for plain TCP
 * @param privateKey      PEM PKCS#8 private key, or null for plain TCP
 * @param slowClient      what to do with a client that stays over its send buffer limit ({@link SlowClientPolicy});
 *                        null: the gateway's ({@link GatewayServer.Builder#slowClient})
 * @param slowClientTimeout how long such a client may hold back its senders before {@code slowClient} applies;
 *                        zero applies it at once (Workerman's behaviour); ignored by {@link SlowClientPolicy#BLOCK};
 *                        null: the gateway's
 */
public record Listener(Protocol protocol, String host, int port, int maxPackageSize, Path certificate,
                       Path privateKey, SlowClientPolicy slowClient, Duration slowClientTimeout) {

    public static final int DEFAULT_MAX_PACKAGE_SIZE = 10 * 1024 * 1024;

    /** The client framings a gateway offers (docs/PROTOCOL.md §6). */
    public enum Protocol {
        /** one message per {@code \n}-terminated line */
        TEXT,
        /** u32 big-endian total length (including itself) + payload */
        FRAME,
        /** RFC 6455, server side; messages out as text frames */
        WEBSOCKET,
        /** raw bytes; every read is a message */
        TCP
    }

    public Listener {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
        if (maxPackageSize < 1) {
            throw new IllegalArgumentException("maxPackageSize must be positive: " + maxPackageSize);
        }
        if ((certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a private key");
        }
        if (slowClientTimeout != null && slowClientTimeout.isNegative()) {
            throw new IllegalArgumentException("slowClientTimeout must not be negative: " + slowClientTimeout);
        }
    }

    /**
     * Parses {@code text://127.0.0.1:8282} (schemes text, frame, websocket, ws, tcp), optionally followed by
     * {@code ?slow-client=close|drop|block} and {@code &slow-client-timeout=MILLIS}.
     */
    public static Listener parse(String uri) {
        int query = uri.indexOf('?');
        if (query >= 0) {
            return parse(uri.substring(0, query)).withQuery(uri, uri.substring(query + 1));
        }
        int sep = uri.indexOf("://");
        int colon = uri.lastIndexOf(':');
        if (sep <= 0 || colon <= sep + 2) {
            throw new IllegalArgumentException("listener must look like text://HOST:PORT, got \"" + uri + "\"");
        }
        Protocol protocol;
        switch (uri.substring(0, sep).toLowerCase(Locale.ROOT)) {
            case "text":
                protocol = Protocol.TEXT;
                break;
            case "frame":
                protocol = Protocol.FRAME;
                break;
            case "websocket":
            case "ws":
                protocol = Protocol.WEBSOCKET;
                break;
            case "tcp":
                protocol = Protocol.TCP;
                break;
            default:
                throw new IllegalArgumentException("unknown listener protocol in \"" + uri
                        + "\" (text, frame, websocket, tcp)");
        }
        String host = uri.substring(sep + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(uri.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in listener \"" + uri + "\"");
        }
        return of(protocol, host, port);
    }

    private Listener withQuery(String uri, String query) {
        Listener l = this;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                switch (key) {
                    case "slow-client":
                        l = l.withSlowClient(SlowClientPolicy.valueOf(value.toUpperCase(Locale.ROOT)), slowClientTimeout);
                        break;
                    case "slow-client-timeout":
                        l = l.withSlowClient(l.slowClient, Duration.ofMillis(Long.parseLong(value)));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad listener option \"" + pair + "\" in \"" + uri
                        + "\" (slow-client=close|drop|block, slow-client-timeout=MILLIS)");
            }
        }
        return l;
    }

    public static Listener of(Protocol protocol, String host, int port) {
        return new Listener(protocol, host, port, DEFAULT_MAX_PACKAGE_SIZE, null, null, null, null);
    }

    /** This listener with TLS from a PEM certificate chain and PKCS#8 PEM key. */
    public Listener withTls(Path certificate, Path privateKey) {
        return new Listener(protocol, host, port, maxPackageSize, Objects.requireNonNull(certificate),
                Objects.requireNonNull(privateKey), slowClient, slowClientTimeout);
    }

    public Listener withMaxPackageSize(int maxPackageSize) {
        return new Listener(protocol, host, port, maxPackageSize, certificate, privateKey, slowClient,
                slowClientTimeout);
    }

    /**
     * This listener with its own slow-client policy and the time a slow client may hold back its senders
     * (either null: the gateway's).
     */
    public Listener withSlowClient(SlowClientPolicy policy, Duration timeout) {
        return new Listener(protocol, host, port, maxPackageSize, certificate, privateKey, policy, timeout);
    }

    public boolean tls() {
        return certificate != null;
    }

    @Override
    public String toString() {
        String scheme = protocol.name().toLowerCase(Locale.ROOT);
        if (tls()) {
            scheme = protocol == Protocol.WEBSOCKET ? "wss" : scheme + "+tls";
        }
        return scheme + "://" + host + ":" + port;
    }
}
