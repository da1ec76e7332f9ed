package io.gwkit.gateway.internal;

import io.gwkit.gateway.ClientProtocol;
import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayServer;
import io.gwkit.gateway.Listener;
import io.gwkit.gateway.Router;
import io.gwkit.gateway.SlowClientPolicy;
import io.gwkit.gateway.Tls;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.protocol.Ipv4;
import io.gwkit.server.internal.Exposure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link GatewayServer.Builder} was told: the defaults, each value's check (an
 * {@link IllegalArgumentException} at the setter) and the checks across values that make the {@link Settings}.
 * The builder's Javadoc documents each value.
 */
public final class GatewayOptions {

    private String name = "gateway";
    private final List<Listener> listeners = new ArrayList<>();
    private final List<ClientProtocol> protocols = new ArrayList<>();
    private String lanIp = "127.0.0.1";
    private int lanPort = 2900;
    private String innerBindHost;
    private Integer innerBindPort;
    private final List<String> registers = new ArrayList<>();
    private String secretKey = "";
    private boolean insecureNoSecret;
    private Router router = Router.LEAST_CONNECTIONS;
    private Duration pingInterval = Duration.ZERO;
    private int pingNotResponseLimit;
    private byte[] pingData = new byte[0];
    private int maxInnerFrameLength = GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH;
    private long clientSendBufferLimit = 1024 * 1024;
    private SlowClientPolicy slowClient = SlowClientPolicy.CLOSE;
    private Duration slowClientTimeout = GatewayServer.DEFAULT_SLOW_CLIENT_TIMEOUT;
    private long workerSendBufferLimit = 10L * 1024 * 1024;
    private Duration reconnectDelay = GatewayServer.MAX_REGISTER_RECONNECT_DELAY;
    private Duration keepalive = Duration.ofSeconds(25);
    private String serverHeader = "workerman/4.0.19";
    private int count = 1;
    private Duration innerAuthTimeout = GatewayServer.DEFAULT_INNER_AUTH_TIMEOUT;
    private Duration websocketHandshakeTimeout = Duration.ofSeconds(10);
    private Settings.WorkerGap workerGap = new Settings.WorkerGap(10_000, 16L * 1024 * 1024,
            GatewayServer.DEFAULT_WORKER_GAP_TIMEOUT);
    private GatewayHooks hooks = GatewayHooks.NONE;
    private Tls tls;
    private Duration tlsReloadCheck = Duration.ZERO;
    private boolean captureCompatibleHandshakeData;
    private Duration hookTimeout = GatewayServer.DEFAULT_HOOK_TIMEOUT;

    public void name(String name) {
        this.name = Objects.requireNonNull(name);
    }

    /** Parses a listener URI with the built-in schemes and those of {@link #protocol}. */
    public Listener parseListener(String uri) {
        return Listener.parse(uri, protocols);
    }

    public void protocol(ClientProtocol protocol) {
        String scheme = protocol.scheme();
        if (!scheme.matches("[a-z][a-z0-9.-]*") || scheme.endsWith("+tls")) {
            throw new IllegalArgumentException("bad protocol scheme \"" + scheme + "\"");
        }
        for (Listener.Protocol builtIn : Listener.Protocol.values()) {
            if (builtIn.scheme().equals(scheme) || List.of("ws", "wss", "ssl").contains(scheme)) {
                throw new IllegalArgumentException("scheme " + scheme + " is built in");
            }
        }
        protocols.removeIf(p -> p.scheme().equals(scheme));
        protocols.add(protocol);
    }

    public void listen(Listener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void lanIp(String lanIp) {
        Ipv4.parse(lanIp);
        this.lanIp = lanIp;
    }

    public void lanPort(int lanPort) {
        this.lanPort = checkPort(lanPort);
    }

    public void innerBind(String host, int port) {
        this.innerBindHost = Objects.requireNonNull(host);
        this.innerBindPort = checkPort(port);
    }

    public void register(String hostPort) {
        registers.add(Objects.requireNonNull(hostPort));
    }

    public void secretKey(String secretKey) {
        this.secretKey = secretKey == null ? "" : secretKey;
    }

    public void insecureNoSecret(boolean insecureNoSecret) {
        this.insecureNoSecret = insecureNoSecret;
    }

    public void router(Router router) {
        this.router = Objects.requireNonNull(router);
    }

    public void pingInterval(Duration pingInterval) {
        if (pingInterval.isNegative()) {
            throw new IllegalArgumentException("pingInterval must not be negative");
        }
        this.pingInterval = pingInterval;
    }

    public void pingNotResponseLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("pingNotResponseLimit must not be negative");
        }
        this.pingNotResponseLimit = limit;
    }

    public void pingData(String pingData) {
        this.pingData = pingData == null ? new byte[0] : pingData.getBytes(StandardCharsets.UTF_8);
    }

    public void maxInnerFrameLength(int max) {
        if (max < 28) {
            throw new IllegalArgumentException("maxInnerFrameLength below the header length: " + max);
        }
        this.maxInnerFrameLength = max;
    }

    public void clientSendBufferLimit(long bytes) {
        this.clientSendBufferLimit = positive(bytes);
    }

    public void slowClient(SlowClientPolicy policy, Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("slowClientTimeout must not be negative: " + timeout);
        }
        this.slowClient = Objects.requireNonNull(policy);
        this.slowClientTimeout = timeout;
    }

    public void workerSendBufferLimit(long bytes) {
        this.workerSendBufferLimit = positive(bytes);
    }

    public void registerReconnectDelay(Duration delay) {
        Duration max = GatewayServer.MAX_REGISTER_RECONNECT_DELAY;
        if (delay.isZero() || delay.isNegative() || delay.compareTo(max) > 0) {
            throw new IllegalArgumentException("registerReconnectDelay must be in (0, " + max.toMillis() + " ms]: "
                    + delay);
        }
        this.reconnectDelay = delay;
    }

    public void keepaliveInterval(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("keepalive must be positive");
        }
        this.keepalive = interval;
    }

    public void serverHeader(String serverHeader) {
        this.serverHeader = Objects.requireNonNull(serverHeader);
    }

    public void count(int count) {
        if (count < 1 || count > 1024) {
            throw new IllegalArgumentException("count must be in 1..1024: " + count);
        }
        this.count = count;
    }

    /** The deprecated ioThreads: checked, then ignored. */
    public void ioThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative");
        }
    }

    public void websocketHandshakeTimeout(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("websocketHandshakeTimeout must be positive");
        }
        this.websocketHandshakeTimeout = timeout;
    }

    public void innerAuthTimeout(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("innerAuthTimeout must be positive");
        }
        this.innerAuthTimeout = timeout;
    }

    public void workerGap(int events, long bytes, Duration timeout) {
        if (events < 0 || bytes < 0 || timeout.isNegative()) {
            throw new IllegalArgumentException("workerGap bounds must not be negative: " + events + ", " + bytes
                    + ", " + timeout);
        }
        this.workerGap = new Settings.WorkerGap(events, bytes, timeout);
    }

    public void tls(Tls tls) {
        this.tls = Objects.requireNonNull(tls);
    }

    public void tlsReloadCheck(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("tlsReloadCheck must not be negative");
        }
        this.tlsReloadCheck = interval;
    }

    public void captureCompatibleHandshakeData(boolean compatible) {
        this.captureCompatibleHandshakeData = compatible;
    }

    public void hooks(GatewayHooks hooks) {
        this.hooks = Objects.requireNonNull(hooks);
    }

    public void hookTimeout(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("hookTimeout must be positive");
        }
        this.hookTimeout = timeout;
    }

    /**
     * The settings, with every listener resolved (the gateway's TLS and slow-client policy where it has none).
     *
     * @throws IllegalStateException no register, a TLS listener without certificate, an inner port on a
     *         non-loopback address without a secret and without insecureNoSecret, inner ports past 65535
     */
    public Settings settings() {
        if (registers.isEmpty()) {
            throw new IllegalStateException("a gateway needs at least one register address");
        }
        List<Listener> resolved = new ArrayList<>();
        for (Listener l : listeners) {
            if (l.secure() && l.tls() == null) {
                if (tls == null) {
                    throw new IllegalStateException("listener " + l + " speaks TLS but has no certificate: "
                            + "give the gateway TLS settings (Builder.tls, gw gateway --tls-cert/--tls-key)");
                }
                l = l.withTls(tls);
            }
            resolved.add(l);
        }
        String bindHost = innerBindHost != null ? innerBindHost : lanIp;
        int bindPort = innerBindPort != null ? innerBindPort : lanPort;
        Exposure.check(bindHost, secretKey, insecureNoSecret, "gateway " + name + "'s inner port");
        if (lanPort != 0 && lanPort + count - 1 > 0xFFFF || bindPort != 0 && bindPort + count - 1 > 0xFFFF) {
            throw new IllegalStateException("count " + count + " shards need inner ports " + lanPort + ".."
                    + (lanPort + count - 1) + " (bound " + bindPort + "..): past 65535");
        }
        for (int i = 0; i < resolved.size(); i++) {
            Listener l = resolved.get(i);
            resolved.set(i, l.withSlowClient(l.slowClient() != null ? l.slowClient() : slowClient,
                    l.slowClientTimeout() != null ? l.slowClientTimeout() : slowClientTimeout));
        }
        return new Settings(name, List.copyOf(resolved), lanIp, lanPort, bindHost, bindPort,
                List.copyOf(registers), secretKey, router, pingInterval, pingNotResponseLimit, pingData.clone(),
                maxInnerFrameLength, clientSendBufferLimit, workerSendBufferLimit, reconnectDelay, keepalive,
                serverHeader, innerAuthTimeout, websocketHandshakeTimeout, count, hooks, hookTimeout, tlsReloadCheck,
                captureCompatibleHandshakeData, workerGap);
    }

    private static int checkPort(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
        return port;
    }

    private static long positive(long v) {
        if (v <= 0) {
            throw new IllegalArgumentException("must be positive: " + v);
        }
        return v;
    }
}
