package io.gwkit.gateway;

import io.gwkit.gateway.internal.ClientInitializers;
import io.gwkit.gateway.internal.GatewayCore;
import io.gwkit.gateway.internal.Settings;
import io.gwkit.gateway.internal.Shard;
import io.gwkit.gateway.internal.TlsContexts;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.netty.Transports;
import io.gwkit.protocol.Ipv4;
import io.gwkit.server.internal.Exposure;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatcher;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Gateway that PHP BusinessWorkers and GatewayClients can use as if it were PHP's (docs/PROTOCOL.md §3–§6):
 * client listeners (text, frame, websocket, tcp; optional TLS), an inner port for workers and GatewayClient
 * requests, and an announcement to every register.
 *
 * <pre>{@code
 * GatewayServer gw = GatewayServer.builder()
 *         .listen("text://127.0.0.1:0").listen("websocket://127.0.0.1:0")
 *         .lanIp("127.0.0.1").lanPort(0)
 *         .register("127.0.0.1:1236")
 *         .build();
 * gw.start().get(10, TimeUnit.SECONDS);   // listening and announced
 * gw.listenerAddresses(); gw.innerAddress();
 * gw.close();
 * }</pre>
 *
 * <p>Threads: {@link Builder#count} shards, each one event loop like one PHP gateway process: it does its clients'
 * and inner connections' I/O (framing, TLS) and owns their state (clients, uids, groups, sessions, workers), so
 * command semantics and ordering match PHP's without locks.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    /** Longest allowed pause before reconnecting to a register (PHP's, 1 s, is the default). */
    public static final Duration MAX_REGISTER_RECONNECT_DELAY = Duration.ofSeconds(1);
    private static final long STOP_STEP_SECONDS = 5;

    /** Default of {@link Builder#slowClient}'s timeout: generous, so a burst to a client that reads is not lost. */
    public static final Duration DEFAULT_SLOW_CLIENT_TIMEOUT = Duration.ofSeconds(10);
    /** Default of {@link Builder#workerGap}'s timeout: long enough for a worker restart. */
    public static final Duration DEFAULT_WORKER_GAP_TIMEOUT = Duration.ofSeconds(10);
    /** Default of {@link Builder#innerAuthTimeout}. */
    public static final Duration DEFAULT_INNER_AUTH_TIMEOUT = Duration.ofSeconds(10);
    /** Default of {@link Builder#hookTimeout}. */
    public static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofSeconds(5);

    private final Settings settings;
    private final GatewayStats stats = new GatewayStats();
    /** One event loop per shard ({@link Shard}): its clients' and inner connections' I/O and its state. */
    private EventLoopGroup loops;
    private List<Shard> shards = List.of();
    /** onWorkerStart was run: onWorkerStop is due at close. */
    private boolean hooksStarted;
    private final List<Channel> serverChannels = new ArrayList<>();
    /** Each listener's current TLS context (null for plain ones), swapped by {@link #reloadTls()}. */
    private final List<AtomicReference<SslContext>> sslContexts = new ArrayList<>();
    private java.util.concurrent.ScheduledFuture<?> tlsReloadTimer;
    private ChannelGroup allChannels;
    private volatile List<InetSocketAddress> listenerAddresses = List.of();

    private GatewayServer(Settings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds every shard's inner port and every listener (throwing if one cannot be bound), then announces each
     * shard's inner address to every register; the future completes once all registers have them all.
     */
    public synchronized CompletableFuture<GatewayServer> start() throws InterruptedException {
        if (loops != null) {
            throw new IllegalStateException("gateway already started");
        }
        java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();
        loops = Transports.group(settings.count(), r -> new Thread(r, "gateway-" + settings.name() + "-shard-"
                + threads.getAndIncrement()));
        shards = Shard.of(settings, stats, loops);
        allChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            for (Shard shard : shards) {
                shard.bindInner(allChannels);
                serverChannels.add(shard.innerServer());
            }
            List<InetSocketAddress> bound = new ArrayList<>();
            sslContexts.clear();
            for (Listener listener : settings.listeners()) {
                AtomicReference<SslContext> ssl = new AtomicReference<>(
                        listener.secure() ? TlsContexts.build(listener.tls()) : null);
                sslContexts.add(ssl);
                Channel ch = Shard.bind(loops, loops, loops, listener.host(), listener.port(),
                        "gateway " + settings.name() + "'s " + listener.protocol().scheme() + " clients",
                        ClientInitializers.forListener(listener, ssl::get, shards, allChannels));
                serverChannels.add(ch);
                bound.add((InetSocketAddress) ch.localAddress());
            }
            listenerAddresses = List.copyOf(bound);
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        shards.forEach(Shard::startTimers);
        if (!settings.tlsReloadCheck().isZero()) {
            String[] fingerprints = new String[settings.listeners().size()];
            for (int i = 0; i < fingerprints.length; i++) {
                Listener listener = settings.listeners().get(i);
                fingerprints[i] = listener.secure() ? TlsContexts.fingerprint(listener.tls()) : null;
            }
            long ms = settings.tlsReloadCheck().toMillis();
            // off the shards' loops: loading files is blocking I/O
            tlsReloadTimer = GlobalEventExecutor.INSTANCE.scheduleAtFixedRate(() -> {
                if (loops != null) {
                    reloadTlsIfChanged(fingerprints);
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
        }
        Shard first = shards.get(0);
        hooksStarted = true;
        first.loop().execute(() -> first.core().hook("onWorkerStart", () -> settings.hooks().onWorkerStart(this)));
        List<CompletableFuture<Void>> announcements = new ArrayList<>();
        for (Shard shard : shards) {
            announcements.add(shard.announce());
        }
        log.info("gateway {} listening on {}, inner {} announced as {}", settings.name(), listenerAddresses,
                innerAddresses(), announcedAddresses());
        return CompletableFuture.allOf(announcements.toArray(new CompletableFuture[0])).thenApply(v -> this);
    }

    /**
     * Reads every TLS listener's certificate and key files again; new connections use them, open ones keep theirs.
     * All or nothing: when one listener's files cannot be loaded, every listener keeps its current ones.
     *
     * @throws IllegalArgumentException naming the file that could not be loaded
     * @throws IllegalStateException when the gateway is not running
     */
    public synchronized void reloadTls() {
        if (loops == null) {
            throw new IllegalStateException("gateway not running");
        }
        List<SslContext> fresh = new ArrayList<>();
        for (Listener listener : settings.listeners()) {
            fresh.add(listener.secure() ? TlsContexts.build(listener.tls()) : null);
        }
        for (int i = 0; i < fresh.size(); i++) {
            sslContexts.get(i).set(fresh.get(i));
        }
        log.info("gateway {}: TLS certificates reloaded", settings.name());
    }

    /** {@link #reloadTls()} when a TLS file changed since the last look (the tlsReloadCheck timer). */
    private void reloadTlsIfChanged(String[] fingerprints) {
        boolean changed = false;
        for (int i = 0; i < fingerprints.length; i++) {
            Listener listener = settings.listeners().get(i);
            if (listener.secure()) {
                String now = TlsContexts.fingerprint(listener.tls());
                changed |= !now.equals(fingerprints[i]);
                fingerprints[i] = now;
            }
        }
        if (changed) {
            try {
                reloadTls();
            } catch (RuntimeException e) {
                log.warn("gateway {}: TLS files changed but cannot be loaded, keeping the current ones: {}",
                        settings.name(), e.getMessage());
            }
        }
    }

    /** Bound client-facing addresses, in listener order. */
    public List<InetSocketAddress> listenerAddresses() {
        return listenerAddresses;
    }

    /** Shard 0's bound inner address (may differ from the announced lanIp:lanPort); see {@link #innerAddresses()}. */
    public InetSocketAddress innerAddress() {
        List<InetSocketAddress> all = innerAddresses();
        return all.isEmpty() ? null : all.get(0);
    }

    /** Every shard's bound inner address, shard 0 first; empty before start. */
    public List<InetSocketAddress> innerAddresses() {
        List<InetSocketAddress> all = new ArrayList<>();
        for (Shard shard : shards) {
            if (shard.innerAddress() != null) {
                all.add(shard.innerAddress());
            }
        }
        return all;
    }

    /** Shard 0's inner address as announced to registers and encoded in client_ids: {@code lanIp:lanPort}. */
    public String announcedAddress() {
        return announcedAddresses().get(0);
    }

    /**
     * Every shard's announced address ({@code lanIp:lanPort+i}), shard 0 first: what registers list, as they list
     * the N processes of a PHP gateway with {@code count = N}.
     */
    public List<String> announcedAddresses() {
        List<Shard> now = shards;
        if (now.isEmpty()) {
            List<String> configured = new ArrayList<>();
            for (int i = 0; i < settings.count(); i++) {
                configured.add(settings.lanIp() + ":" + (settings.lanPort() == 0 ? 0 : settings.lanPort() + i));
            }
            return configured;
        }
        return now.stream().map(Shard::announcedAddress).toList();
    }

    /** Number of shards ({@link Builder#count}). */
    public int count() {
        return settings.count();
    }

    /**
     * Number of BusinessWorkers connected (cmd 200 accepted) to every shard now: a worker process counts once it
     * has reached all of them; 0 before start and after close. Lets an embedding (LocalCluster, tests) wait until
     * clients will be served.
     */
    public int workerCount() {
        return onEveryShard(GatewayCore::workerCount, 0).stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    /**
     * The most unsent bytes any one client connection has had queued in this gateway since start: at most
     * {@code clientSendBufferLimit} plus one message, since a client whose buffer is full is closed.
     */
    public long clientPendingBytesPeak() {
        return shards.stream().mapToLong(s -> s.core().clientPendingBytesPeak()).max().orElse(0);
    }

    /**
     * Connection id → remote address ({@code ip:port}) of every client connected now, in id order; empty before
     * start and after close. Connection ids are per shard (as per PHP process): with {@link Builder#count} above 1
     * use {@link #clientAddressesByShard()}, since here a later shard's entry replaces an earlier one's with the
     * same id. The address is not on the inner protocol, so this is how {@code gw connections} shows it for Java
     * gateways.
     */
    public java.util.Map<Long, String> clientAddresses() {
        java.util.Map<Long, String> merged = new java.util.TreeMap<>();
        clientAddressesByShard().values().forEach(merged::putAll);
        return merged;
    }

    /** {@link #clientAddresses()} per shard, keyed by the shard's announced address, shard 0 first. */
    public java.util.Map<String, java.util.Map<Long, String>> clientAddressesByShard() {
        java.util.Map<String, java.util.Map<Long, String>> byShard = new java.util.LinkedHashMap<>();
        List<Shard> now = shards;
        List<java.util.Map<Long, String>> maps = onEveryShard(GatewayCore::clientAddresses, java.util.Map.of());
        for (int i = 0; i < maps.size(); i++) {
            byShard.put(now.get(i).announcedAddress(), maps.get(i));
        }
        return byShard;
    }

    /** {@code read} of each shard's state, run on its loop, in shard order; empty when not running. */
    private <T> List<T> onEveryShard(java.util.function.Function<GatewayCore, T> read, T stopped) {
        List<Shard> now;
        synchronized (this) {
            if (loops == null) {
                return List.of();
            }
            now = shards;
        }
        List<T> results = new ArrayList<>();
        for (Shard shard : now) {
            io.netty.util.concurrent.Future<T> f = shard.loop().submit(() -> read.apply(shard.core()));
            results.add(f.awaitUninterruptibly().isSuccess() ? f.getNow() : stopped);
        }
        return results;
    }

    /** This gateway's running figures (clients, messages, bytes, drops; see {@link GatewayStats}). */
    public GatewayStats stats() {
        return stats;
    }

    /** Same as {@link #close()}. */
    public void stop() {
        close();
    }

    /**
     * Stops without losing an event the gateway accepted (a client message it has read, a connect, a close):
     * no more registrations or connections; every client gets what was already queued for it, then is closed;
     * every message read from a client and every client's ON_CLOSE go to the workers; only then are the worker
     * and GatewayClient connections flushed and closed. Each step waits at most {@value #STOP_STEP_SECONDS} s.
     */
    @Override
    public synchronized void close() {
        if (loops == null) {
            return;
        }
        if (tlsReloadTimer != null) {
            tlsReloadTimer.cancel(false);
            tlsReloadTimer = null;
        }
        if (hooksStarted) {
            hooksStarted = false;
            Shard first = shards.get(0);
            first.loop().submit(() -> first.core().hook("onWorkerStop", () -> settings.hooks().onWorkerStop(this)))
                    .awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        }
        shards.forEach(Shard::stopAnnouncing);
        for (Channel ch : serverChannels) {
            ch.close().awaitUninterruptibly();
        }
        serverChannels.clear();
        java.util.Set<Channel> innerServers = new java.util.HashSet<>();
        shards.forEach(s -> innerServers.add(s.innerServer()));
        ChannelMatcher clients = ch -> !innerServers.contains(ch.parent());
        allChannels.writeAndFlush(Unpooled.EMPTY_BUFFER, clients).awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        allChannels.close(clients).awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        // A closed client's channelInactive runs later on its shard's loop and queues ON_CLOSE to its worker there.
        // Netty completes the close future before the same task queues channelInactive, so one pass of the loops
        // can run ahead of it; the second is queued after it (a client's onClose was lost once under load).
        passEvery(loops);
        passEvery(loops);
        allChannels.writeAndFlush(Unpooled.EMPTY_BUFFER).awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        allChannels.close().awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        loops = null;
    }

    /** Runs an empty task on every executor of {@code group}: whatever they had queued before has run. */
    private static void passEvery(EventExecutorGroup group) {
        for (EventExecutor executor : group) {
            executor.submit(() -> { }).awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        }
    }

    public static final class Builder {
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
        private Duration slowClientTimeout = DEFAULT_SLOW_CLIENT_TIMEOUT;
        private long workerSendBufferLimit = 10L * 1024 * 1024;
        private Duration reconnectDelay = MAX_REGISTER_RECONNECT_DELAY;
        private Duration keepalive = Duration.ofSeconds(25);
        private String serverHeader = "workerman/4.0.19";
        private int count = 1;
        private Duration innerAuthTimeout = DEFAULT_INNER_AUTH_TIMEOUT;
        private Duration websocketHandshakeTimeout = Duration.ofSeconds(10);
        private Settings.WorkerGap workerGap = new Settings.WorkerGap(10_000, 16L * 1024 * 1024,
                DEFAULT_WORKER_GAP_TIMEOUT);
        private GatewayHooks hooks = GatewayHooks.NONE;
        private Tls tls;
        private Duration tlsReloadCheck = Duration.ZERO;
        private boolean captureCompatibleHandshakeData;
        private Duration hookTimeout = DEFAULT_HOOK_TIMEOUT;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        /**
         * Adds a client listener, e.g. {@code text://0.0.0.0:8282}, {@code websocket://0.0.0.0:8283},
         * {@code wss://0.0.0.0:443}, or the scheme of a {@link #protocol registered protocol}.
         */
        public Builder listen(String uri) {
            return listen(Listener.parse(uri, protocols));
        }

        /** Registers a client protocol, so that {@link #listen(String)} knows its scheme. */
        public Builder protocol(ClientProtocol protocol) {
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
            return this;
        }

        public Builder listen(Listener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** The IPv4 address workers and GatewayClients reach this gateway on (announced, in client_ids). */
        public Builder lanIp(String lanIp) {
            Ipv4.parse(lanIp);
            this.lanIp = lanIp;
            return this;
        }

        /**
         * The announced inner port (in client_ids and the register). Also the bound port unless
         * {@link #innerBind} says otherwise; 0 binds any free port and announces it.
         */
        public Builder lanPort(int lanPort) {
            this.lanPort = checkPort(lanPort);
            return this;
        }

        /** Binds the inner listener here instead of lanIp:lanPort (e.g. behind a port forward or a proxy). */
        public Builder innerBind(String host, int port) {
            this.innerBindHost = Objects.requireNonNull(host);
            this.innerBindPort = checkPort(port);
            return this;
        }

        public Builder register(String hostPort) {
            registers.add(Objects.requireNonNull(hostPort));
            return this;
        }

        public Builder secretKey(String secretKey) {
            this.secretKey = secretKey == null ? "" : secretKey;
            return this;
        }

        /**
         * Allows an inner port on a non-loopback address without a secret, as PHP's gateway does by default: anyone
         * who reaches it can then act as a worker or a GatewayClient (default false: {@link #build} refuses).
         */
        public Builder insecureNoSecret(boolean insecureNoSecret) {
            this.insecureNoSecret = insecureNoSecret;
            return this;
        }

        public Builder router(Router router) {
            this.router = Objects.requireNonNull(router);
            return this;
        }

        /** Client heartbeat period; zero (default) disables it. */
        public Builder pingInterval(Duration pingInterval) {
            if (pingInterval.isNegative()) {
                throw new IllegalArgumentException("pingInterval must not be negative");
            }
            this.pingInterval = pingInterval;
            return this;
        }

        /** Missed intervals before a silent client is closed; 0 = only send pings. */
        public Builder pingNotResponseLimit(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("pingNotResponseLimit must not be negative");
            }
            this.pingNotResponseLimit = limit;
            return this;
        }

        public Builder pingData(String pingData) {
            this.pingData = pingData == null ? new byte[0] : pingData.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder maxInnerFrameLength(int max) {
            if (max < 28) {
                throw new IllegalArgumentException("maxInnerFrameLength below the header length: " + max);
            }
            this.maxInnerFrameLength = max;
            return this;
        }

        /**
         * Unsent bytes a client may accumulate (1 MiB). At the limit the inner connections sending to it stop
         * being read until it drains to half; see {@link #slowClient} for what happens if it does not.
         */
        public Builder clientSendBufferLimit(long bytes) {
            this.clientSendBufferLimit = positive(bytes);
            return this;
        }

        /**
         * What every listener without its own ({@link Listener#withSlowClient}) does with a client that stays over
         * {@link #clientSendBufferLimit}: it may hold back the inner connections sending to it for
         * {@code timeout} (zero: none, as Workerman), then {@code policy} applies. Default: {@code CLOSE} after
         * {@link GatewayServer#DEFAULT_SLOW_CLIENT_TIMEOUT} (10 s).
         */
        public Builder slowClient(SlowClientPolicy policy, Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("slowClientTimeout must not be negative: " + timeout);
            }
            this.slowClient = Objects.requireNonNull(policy);
            this.slowClientTimeout = timeout;
            return this;
        }

        /** Unsent bytes towards one worker before further events to it are dropped (10 MiB). */
        public Builder workerSendBufferLimit(long bytes) {
            this.workerSendBufferLimit = positive(bytes);
            return this;
        }

        /**
         * Pause before reconnecting to a register that went away (1 s, as PHP). At most
         * {@link #MAX_REGISTER_RECONNECT_DELAY}, so a returning register knows every gateway again within about a
         * second.
         */
        public Builder registerReconnectDelay(Duration delay) {
            if (delay.isZero() || delay.isNegative() || delay.compareTo(MAX_REGISTER_RECONNECT_DELAY) > 0) {
                throw new IllegalArgumentException("registerReconnectDelay must be in (0, "
                        + MAX_REGISTER_RECONNECT_DELAY.toMillis() + " ms]: " + delay);
            }
            this.reconnectDelay = delay;
            return this;
        }

        /** Register / worker keepalive period when not on loopback (25 s). */
        public Builder keepaliveInterval(Duration interval) {
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("keepalive must be positive");
            }
            this.keepalive = interval;
            return this;
        }

        /**
         * The {@code Server} header of the websocket 101 response. Defaults to {@code workerman/4.0.19} so the
         * handshake is byte-identical to the PHP gateway the captures were made with.
         */
        public Builder serverHeader(String serverHeader) {
            this.serverHeader = Objects.requireNonNull(serverHeader);
            return this;
        }

        /**
         * Shards (default 1): N event loops, each like one process of a PHP gateway with {@code count = N}: it owns
         * its clients (their I/O too) and their uid/group/session state, its own inner listener on
         * {@code lanPort + i} (lanPort 0: each a free port; an {@link #innerBind} port likewise + i), announced to
         * every register as a gateway address of its own, and the worker and GatewayClient connections to it, so a
         * client's message to a worker and the reply never change thread. The client ports are shared: accepted
         * connections go to the shards in turn. Operations on many clients (sendToAll, groups, uid lookups,
         * counts) span the shards as they span PHP processes: workers and GatewayClients reach every address.
         */
        public Builder count(int count) {
            if (count < 1 || count > 1024) {
                throw new IllegalArgumentException("count must be in 1..1024: " + count);
            }
            this.count = count;
            return this;
        }

        /**
         * No effect: each shard's event loop does its own clients' I/O ({@link #count}; {@code ioThreads(0)} was
         * {@code count(1)}, one thread for the whole gateway). Kept so that embeddings still compile.
         *
         * @deprecated use {@link #count}
         */
        @Deprecated
        public Builder ioThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("ioThreads must not be negative");
            }
            return this;
        }

        /**
         * How long a websocket client may take to send its complete upgrade request before it is closed
         * (10 s; Workerman has no such limit, so a silent connection there lives until the heartbeat ends it).
         */
        public Builder websocketHandshakeTimeout(Duration timeout) {
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("websocketHandshakeTimeout must be positive");
            }
            this.websocketHandshakeTimeout = timeout;
            return this;
        }

        /**
         * How long a new inner-port connection has to send its first whole frame, or to authenticate (cmd
         * 200/202) when there is a secret, before it is closed (10 s, the register's auth timeout). PHP's
         * gateway has no such limit; connected workers and pooled GatewayClient links are never timed out.
         */
        public Builder innerAuthTimeout(Duration timeout) {
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("innerAuthTimeout must be positive");
            }
            this.innerAuthTimeout = timeout;
            return this;
        }

        /**
         * What the gateway holds while no BusinessWorker is connected (a worker restart): the clients stay, and
         * their events (connects, messages, closes) wait, in order, for the next worker: at most {@code events}
         * of {@code bytes} in all, for at most {@code timeout}. An event past the count or byte bound closes its
         * client, as PHP does with no worker; past the timeout every client with a held event is closed and the
         * events are dropped. Defaults: 10 000 events, 16 MiB, {@link GatewayServer#DEFAULT_WORKER_GAP_TIMEOUT}
         * (10 s); {@code Duration.ZERO} holds nothing (PHP's behaviour).
         */
        public Builder workerGap(int events, long bytes, Duration timeout) {
            if (events < 0 || bytes < 0 || timeout.isNegative()) {
                throw new IllegalArgumentException("workerGap bounds must not be negative: " + events + ", " + bytes
                        + ", " + timeout);
            }
            this.workerGap = new Settings.WorkerGap(events, bytes, timeout);
            return this;
        }

        /**
         * TLS settings of the secure listeners that have none of their own ({@code wss://}, {@code ssl://},
         * {@code <scheme>+tls://}).
         */
        public Builder tls(Tls tls) {
            this.tls = Objects.requireNonNull(tls);
            return this;
        }

        /**
         * How often to look at the TLS files' modification times and reload them when they changed (a renewed
         * certificate without a restart); zero (default) never looks. {@link GatewayServer#reloadTls()} reloads now.
         */
        public Builder tlsReloadCheck(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("tlsReloadCheck must not be negative");
            }
            this.tlsReloadCheck = interval;
            return this;
        }

        /**
         * The websocket handshake data workers get (cmd 205): by default its {@code server} array ends with
         * {@code REMOTE_ADDR} and {@code REMOTE_PORT}, as current GatewayWorker releases send; {@code true} sends it
         * exactly as Workerman 4.0.19 built it, without them (what the conformance captures hold).
         */
        public Builder captureCompatibleHandshakeData(boolean compatible) {
            this.captureCompatibleHandshakeData = compatible;
            return this;
        }

        /** Callbacks of a {@code start_gateway.php}: lifecycle, websocket handshake, router (none by default). */
        public Builder hooks(GatewayHooks hooks) {
            this.hooks = Objects.requireNonNull(hooks);
            return this;
        }

        /**
         * How long an asynchronous websocket handshake hook may take before the client gets 503 and is closed
         * (5 s).
         */
        public Builder hookTimeout(Duration timeout) {
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("hookTimeout must be positive");
            }
            this.hookTimeout = timeout;
            return this;
        }

        /**
         * @throws IllegalStateException no register, or an inner port on a non-loopback address without a secret
         *         and without {@link #insecureNoSecret}
         */
        public GatewayServer build() {
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
            return new GatewayServer(new Settings(name, List.copyOf(resolved), lanIp, lanPort, bindHost, bindPort,
                    List.copyOf(registers), secretKey, router, pingInterval, pingNotResponseLimit, pingData.clone(),
                    maxInnerFrameLength, clientSendBufferLimit, workerSendBufferLimit, reconnectDelay, keepalive,
                    serverHeader, innerAuthTimeout, websocketHandshakeTimeout, count, hooks, hookTimeout, tlsReloadCheck,
                    captureCompatibleHandshakeData, workerGap));
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
}
