package io.gwkit.client.internal;

import io.gwkit.client.CallListener;
import io.gwkit.client.GatewayClient;
import io.gwkit.client.GatewayTransport;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.HostPort;
import io.gwkit.protocol.InvalidAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a {@link GatewayClient.Builder} was told: the defaults, each value's check (an exception at the
 * setter) and what a client is made of: its transport, its API and how long a blocking call waits. The
 * builder's Javadoc documents each value.
 */
public final class ClientSettings {

    private final List<String> registerAddresses = new ArrayList<>();
    private String secretKey = "";
    private Duration connectTimeout = Duration.ofSeconds(3);
    private Duration replyTimeout = Duration.ofSeconds(5);
    private Duration registerCacheTtl = Duration.ofSeconds(1);
    private int connectionsPerGateway = 2;
    private boolean connectionPerCall;
    private boolean registerPush;
    private boolean bestEffortFanOut;
    private boolean dialUnlistedGateways;
    private int maxReplyLength = 64 * 1024 * 1024;
    private long maxQueuedBytes = TransportConfig.DEFAULT_MAX_QUEUED_BYTES;
    private int ioThreads = Math.min(4, Math.max(1, Runtime.getRuntime().availableProcessors()));
    private boolean nativeTransport = true;
    private UnaryOperator<String> addressTranslator = UnaryOperator.identity();
    /** The threads and pool of the client these settings were taken from; null until a client opens its own. */
    private ClientResources resources;
    private CallListener callListener = CallListener.NONE;

    /** A copy that later changes to either one do not reach; it shares the same resources. */
    public ClientSettings copy() {
        ClientSettings s = new ClientSettings();
        s.registerAddresses.addAll(registerAddresses);
        s.secretKey = secretKey;
        s.connectTimeout = connectTimeout;
        s.replyTimeout = replyTimeout;
        s.registerCacheTtl = registerCacheTtl;
        s.connectionsPerGateway = connectionsPerGateway;
        s.connectionPerCall = connectionPerCall;
        s.registerPush = registerPush;
        s.bestEffortFanOut = bestEffortFanOut;
        s.dialUnlistedGateways = dialUnlistedGateways;
        s.maxReplyLength = maxReplyLength;
        s.maxQueuedBytes = maxQueuedBytes;
        s.ioThreads = ioThreads;
        s.nativeTransport = nativeTransport;
        s.addressTranslator = addressTranslator;
        s.resources = resources;
        s.callListener = callListener;
        return s;
    }

    public void callListener(CallListener listener) {
        this.callListener = Objects.requireNonNull(listener, "listener");
    }

    public void registerAddress(String address) {
        if (HostPort.parse(address).port() == 0) {
            throw new InvalidAddressException(address, "port 0 cannot be dialed");
        }
        registerAddresses.add(address);
    }

    public void registerAddresses(Collection<String> addresses) {
        registerAddresses.clear();
        addresses.forEach(this::registerAddress);
    }

    public void secretKey(String secretKey) {
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    }

    public void connectTimeout(Duration timeout) {
        this.connectTimeout = positive("connectTimeout", timeout);
    }

    public void replyTimeout(Duration timeout) {
        this.replyTimeout = positive("replyTimeout", timeout);
    }

    public void registerCacheTtl(Duration ttl) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("registerCacheTtl must not be negative: " + ttl);
        }
        this.registerCacheTtl = ttl;
    }

    public void connectionsPerGateway(int connections) {
        if (connections < 1 || connections > 64) {
            throw new IllegalArgumentException("connectionsPerGateway must be 1..64: " + connections);
        }
        this.connectionsPerGateway = connections;
    }

    public void connectionPerCall(boolean enabled) {
        this.connectionPerCall = enabled;
    }

    public void registerPush(boolean enabled) {
        this.registerPush = enabled;
    }

    public void bestEffortFanOut(boolean enabled) {
        this.bestEffortFanOut = enabled;
    }

    public void dialUnlistedGateways(boolean enabled) {
        this.dialUnlistedGateways = enabled;
    }

    public void maxReplyLength(int bytes) {
        if (bytes < 16) {
            throw new IllegalArgumentException("maxReplyLength too small: " + bytes);
        }
        this.maxReplyLength = bytes;
    }

    public void maxQueuedBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes < 1: " + bytes);
        }
        this.maxQueuedBytes = bytes;
    }

    public void ioThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("ioThreads must be positive: " + threads);
        }
        this.ioThreads = threads;
    }

    public void nativeTransport(boolean enabled) {
        this.nativeTransport = enabled;
    }

    public void addressTranslator(UnaryOperator<String> translator) {
        this.addressTranslator = Objects.requireNonNull(translator, "translator");
    }

    /** A client needs a register to find its gateways. */
    public void requireRegisterAddress() {
        if (registerAddresses.isEmpty()) {
            throw new IllegalStateException("at least one registerAddress is required");
        }
    }

    /**
     * Opens a client's transport over the resources of the client these settings were taken from, or over new
     * ones that the transport alone holds; from then on copies of these settings share them.
     */
    public NettyGatewayTransport openTransport() {
        TransportConfig config = new TransportConfig(List.copyOf(registerAddresses), secretKey, connectTimeout,
                replyTimeout, registerCacheTtl, connectionsPerGateway, connectionPerCall, registerPush, maxReplyLength,
                addressTranslator, dialUnlistedGateways, maxQueuedBytes);
        ClientResources shared = resources;
        ClientResources r = shared != null ? shared : ClientResources.create(ioThreads, nativeTransport);
        NettyGatewayTransport transport = new NettyGatewayTransport(config, r);
        if (shared == null) {
            r.release(); // the transport holds its own reference
        }
        resources = r;
        return transport;
    }

    /** Every operation over {@code transport}, with these settings' fan-out rule and call listener. */
    public PhpGatewayApi api(GatewayTransport transport) {
        return new PhpGatewayApi(transport, bestEffortFanOut, PhpSerializer.Limits.DEFAULT, callListener);
    }

    /** How long a blocking call waits at most. */
    public long callTimeoutMillis() {
        // A call may need a register lookup per register, then a connect and a reply: never wait longer.
        long perHop = connectTimeout.toMillis() + replyTimeout.toMillis();
        return perHop * (registerAddresses.size() + 2) + 1000;
    }

    private static Duration positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }
}
