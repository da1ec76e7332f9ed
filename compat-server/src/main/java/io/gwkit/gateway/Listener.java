package io.gwkit.gateway;

import io.gwkit.protocol.HostPort;
import io.gwkit.protocol.InvalidAddressException;
import io.gwkit.gateway.internal.ClientInitializers;
import io.netty.channel.ChannelPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One client-facing listener of a gateway: {@code text://host:port}, {@code frame://…}, {@code websocket://…}
 * or {@code tcp://…}; {@code wss://…} (websocket) and {@code ssl://…} (tcp) speak TLS, as does any
 * {@code <scheme>+tls://…}. TLS and plain listeners can sit side by side in one gateway.
 *
 * @param protocol        client framing
 * @param host            bind host
 * @param port            bind port, 0 for any free port
 * @param maxPackageSize  largest accepted client message in bytes (Workerman's default is 10 MiB)
 * @param secure          whether the listener speaks TLS
 * @param tls             its TLS settings; null for plain TCP, or for a secure listener that takes the gateway's
 *                        ({@link GatewayServer.Builder#tls})
 * @param slowClient      what to do with a client that stays over its send buffer limit ({@link SlowClientPolicy});
 *                        null: the gateway's ({@link GatewayServer.Builder#slowClient})
 * @param slowClientTimeout how long such a client may hold back its senders before {@code slowClient} applies;
 *                        zero applies it at once (Workerman's behaviour); ignored by {@link SlowClientPolicy#BLOCK};
 *                        null: the gateway's
 */
public record Listener(ClientProtocol protocol, String host, int port, int maxPackageSize, boolean secure, Tls tls,
                       SlowClientPolicy slowClient, Duration slowClientTimeout) {

    public static final int DEFAULT_MAX_PACKAGE_SIZE = 10 * 1024 * 1024;

    /** The client framings a gateway offers (docs/PROTOCOL.md §6), each a {@link ClientProtocol}. */
    public enum Protocol implements ClientProtocol {
        /** one message per {@code \n}-terminated line */
        TEXT,
        /** u32 big-endian total length (including itself) + payload */
        FRAME,
        /** RFC 6455, server side; messages out as text frames */
        WEBSOCKET,
        /** raw bytes; every read is a message */
        TCP;

        @Override
        public String scheme() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The built-in framing (websocket: the Workerman handshake, without a gateway's hooks). */
        @Override
        public void initChannel(ChannelPipeline pipeline, int maxPackageSize) {
            ClientInitializers.builtIn(this, pipeline, maxPackageSize);
        }
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
        if (tls != null && !secure) {
            throw new IllegalArgumentException("TLS settings on a listener that is not secure");
        }
        if (slowClientTimeout != null && slowClientTimeout.isNegative()) {
            throw new IllegalArgumentException("slowClientTimeout must not be negative: " + slowClientTimeout);
        }
    }

    /**
     * Parses {@code text://127.0.0.1:8282} (schemes text, frame, websocket, ws, tcp; wss, ssl and
     * {@code <scheme>+tls} for TLS, whose settings then come from the gateway), optionally followed by
     * {@code ?slow-client=close|drop|block} and {@code &slow-client-timeout=MILLIS}.
     */
    public static Listener parse(String uri) {
        return parse(uri, List.of());
    }

    /** {@link #parse(String)} that also knows the schemes of {@code protocols} (registered custom protocols). */
    public static Listener parse(String uri, List<ClientProtocol> protocols) {
        int query = uri.indexOf('?');
        if (query >= 0) {
            return parse(uri.substring(0, query), protocols).withQuery(uri, uri.substring(query + 1));
        }
        int sep = uri.indexOf("://");
        int colon = uri.lastIndexOf(':');
        if (sep <= 0 || colon <= sep + 2) {
            throw new IllegalArgumentException("listener must look like text://HOST:PORT, got \"" + uri + "\"");
        }
        ClientProtocol protocol = null;
        String scheme = uri.substring(0, sep).toLowerCase(Locale.ROOT);
        boolean secure = scheme.endsWith("+tls");
        if (secure) {
            scheme = scheme.substring(0, scheme.length() - 4);
        }
        for (ClientProtocol custom : protocols) {
            if (custom.scheme().equals(scheme)) {
                protocol = custom;
            }
        }
        switch (protocol != null ? "" : scheme) {
            case "":
                break;
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
            case "wss":
                protocol = Protocol.WEBSOCKET;
                secure = true;
                break;
            case "tcp":
                protocol = Protocol.TCP;
                break;
            case "ssl":
                protocol = Protocol.TCP;
                secure = true;
                break;
            default:
                throw new IllegalArgumentException("unknown listener protocol in \"" + uri
                        + "\" (text, frame, websocket/ws, tcp; wss, ssl, <scheme>+tls"
                        + (protocols.isEmpty() ? "" : "; " + protocols.stream().map(ClientProtocol::scheme)
                                .collect(java.util.stream.Collectors.joining(", "))) + ")");
        }
        HostPort address;
        try {
            address = HostPort.parse(uri.substring(sep + 3));
        } catch (InvalidAddressException e) {
            throw new IllegalArgumentException("bad HOST:PORT in listener \"" + uri + "\": " + e.getMessage(), e);
        }
        String host = address.host();
        int port = address.port();
        return new Listener(protocol, host, port, DEFAULT_MAX_PACKAGE_SIZE, secure, null, null, null);
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
                        l = l.withSlowClient(SlowClientPolicy.valueOf(value.toUpperCase(Locale.ROOT)),
                                l.slowClientTimeout);
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

    public static Listener of(ClientProtocol protocol, String host, int port) {
        return new Listener(protocol, host, port, DEFAULT_MAX_PACKAGE_SIZE, false, null, null, null);
    }

    /** This listener with TLS from a PEM certificate chain and unencrypted PKCS#8 PEM key. */
    public Listener withTls(Path certificate, Path privateKey) {
        return withTls(Tls.pem(certificate, privateKey));
    }

    /** This listener with TLS ({@code null}: secure, with the gateway's TLS settings). */
    public Listener withTls(Tls tls) {
        return new Listener(protocol, host, port, maxPackageSize, true, tls, slowClient, slowClientTimeout);
    }

    public Listener withMaxPackageSize(int maxPackageSize) {
        return new Listener(protocol, host, port, maxPackageSize, secure, tls, slowClient, slowClientTimeout);
    }

    /**
     * This listener with its own slow-client policy and the time a slow client may hold back its senders
     * (either null: the gateway's).
     */
    public Listener withSlowClient(SlowClientPolicy policy, Duration timeout) {
        return new Listener(protocol, host, port, maxPackageSize, secure, tls, policy, timeout);
    }

    @Override
    public String toString() {
        String scheme = protocol.scheme();
        if (secure) {
            scheme = protocol == Protocol.WEBSOCKET ? "wss" : protocol == Protocol.TCP ? "ssl" : scheme + "+tls";
        }
        return scheme + "://" + host + ":" + port;
    }
}
