package io.gwkit.gateway;

import io.gwkit.gateway.internal.ClientInitializers;
import io.gwkit.gateway.internal.GatewayCore;
import io.gwkit.gateway.internal.InnerInitializer;
import io.gwkit.gateway.internal.RegisterLink;
import io.gwkit.gateway.internal.Settings;
import io.gwkit.gateway.internal.TlsContexts;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.netty.Transports;
import io.gwkit.protocol.Ipv4;
import io.gwkit.server.internal.AcceptBackoff;
import io.gwkit.server.internal.Binds;
import io.gwkit.server.internal.Exposure;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
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
 * <p>Threads: Netty I/O threads do framing and TLS; all gateway state (clients, uids, groups, sessions,
 * workers) lives on one state thread, as in PHP's single-process gateway, so command semantics and
 * ordering match PHP's without locks.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    /** Longest allowed pause before reconnecting to a register (PHP's, 1 s, is the default). */
    public static final Duration MAX_REGISTER_RECONNECT_DELAY = Duration.ofSeconds(1);
    private static final long STOP_STEP_SECONDS = 5;

    /**
     * One receive-buffer sizing policy for every connection instead of one object per connection (each
     * connection still keeps its own small sizing state): idle connections are the gateway's bulk.
     */
    private static final AdaptiveRecvByteBufAllocator SHARED_RECV_ALLOCATOR = new AdaptiveRecvByteBufAllocator();
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
    private EventLoopGroup io;
    /**
     * One event loop: all gateway state, and the I/O of every inner connection (workers, GatewayClient
     * requests), so an event to a worker and a worker's command need no hand-off between threads.
     */
    private EventLoopGroup state;
    private GatewayCore core;
    /** onWorkerStart was run: onWorkerStop is due at close. */
    private boolean hooksStarted;
    private final List<Channel> serverChannels = new ArrayList<>();
    /** Each listener's current TLS context (null for plain ones), swapped by {@link #reloadTls()}. */
    private final List<AtomicReference<SslContext>> sslContexts = new ArrayList<>();
    private java.util.concurrent.ScheduledFuture<?> tlsReloadTimer;
    /** The inner listener: its connections are workers and GatewayClients, the others end clients. */
    private Channel innerServer;
    private final List<RegisterLink> registerLinks = new ArrayList<>();
    private ChannelGroup allChannels;
    private volatile List<InetSocketAddress> listenerAddresses = List.of();
    private volatile InetSocketAddress innerAddress;

    private GatewayServer(Settings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds every listener and the inner port (throwing if one cannot be bound), then announces the inner
     * address to every register; the future completes once all registers have it.
     */
    public synchronized CompletableFuture<GatewayServer> start() throws InterruptedException {
        if (io != null) {
            throw new IllegalStateException("gateway already started");
        }
        state = Transports.group(1, r -> new Thread(r, "gateway-" + settings.name() + "-state"));
        io = settings.ioThreads() == 0 ? state : Transports.group(Math.max(0, settings.ioThreads()));
        core = new GatewayCore(settings, stats, state.next());
        allChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            Channel inner = bind(settings.innerBindHost(), settings.innerBindPort(), "the inner port (workers)", state,
                    new InnerInitializer(core, allChannels));
            innerServer = inner;
            innerAddress = (InetSocketAddress) inner.localAddress();
            if (settings.lanPort() == 0) {
                core.lanPort(innerAddress.getPort());
            }
            List<InetSocketAddress> bound = new ArrayList<>();
            sslContexts.clear();
            for (Listener listener : settings.listeners()) {
                AtomicReference<SslContext> ssl = new AtomicReference<>(
                        listener.secure() ? TlsContexts.build(listener.tls()) : null);
                sslContexts.add(ssl);
                Channel ch = bind(listener.host(), listener.port(), listener.protocol().scheme() + " clients", io,
                        ClientInitializers.forListener(listener, ssl::get, core, state, allChannels));
                bound.add((InetSocketAddress) ch.localAddress());
            }
            listenerAddresses = List.copyOf(bound);
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        if (!settings.pingInterval().isZero()) {
            long ms = settings.pingNotResponseLimit() > 0 ? settings.pingInterval().toMillis() / 2
                    : settings.pingInterval().toMillis();
            state.scheduleAtFixedRate(core::heartbeat, ms, ms, TimeUnit.MILLISECONDS);
        }
        if (!settings.lanIp().equals("127.0.0.1")) {
            long ms = settings.keepaliveInterval().toMillis();
            state.scheduleAtFixedRate(core::pingWorkers, ms, ms, TimeUnit.MILLISECONDS);
        }
        if (!settings.tlsReloadCheck().isZero()) {
            String[] fingerprints = new String[settings.listeners().size()];
            for (int i = 0; i < fingerprints.length; i++) {
                Listener listener = settings.listeners().get(i);
                fingerprints[i] = listener.secure() ? TlsContexts.fingerprint(listener.tls()) : null;
            }
            long ms = settings.tlsReloadCheck().toMillis();
            // off the state thread: loading files is blocking I/O
            tlsReloadTimer = GlobalEventExecutor.INSTANCE.scheduleAtFixedRate(() -> {
                if (io != null) {
                    reloadTlsIfChanged(fingerprints);
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
        }
        GatewayCore started = core;
        hooksStarted = true;
        state.execute(() -> started.hook("onWorkerStart", () -> settings.hooks().onWorkerStart(this)));
        String announced = settings.lanIp() + ":" + core.lanPort();
        List<CompletableFuture<Void>> announcements = new ArrayList<>();
        for (String register : settings.registerAddresses()) {
            RegisterLink link = new RegisterLink(register, io, announced, settings.secretKey(),
                    settings.registerReconnectDelay(), settings.keepaliveInterval());
            registerLinks.add(link);
            announcements.add(link.start());
        }
        log.info("gateway {} listening on {}, inner {} announced as {}", settings.name(), listenerAddresses,
                innerAddress, announced);
        return CompletableFuture.allOf(announcements.toArray(new CompletableFuture[0])).thenApply(v -> this);
    }

    private Channel bind(String host, int port, String what, EventLoopGroup children,
            io.netty.channel.ChannelHandler initializer) throws InterruptedException {
        ServerBootstrap bootstrap = AcceptBackoff.install(new ServerBootstrap(), "gateway " + settings.name() + " " + host + ":" + port)
                .group(io, children)
                .channel(Transports.serverChannel(io))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, SHARED_RECV_ALLOCATOR)
                .childHandler(initializer);
        Channel ch = Binds.bind(bootstrap, host, port, "gateway " + settings.name() + "'s " + what);
        serverChannels.add(ch);
        return ch;
    }

    /**
     * Reads every TLS listener's certificate and key files again; new connections use them, open ones keep theirs.
     * All or nothing: when one listener's files cannot be loaded, every listener keeps its current ones.
     *
     * @throws IllegalArgumentException naming the file that could not be loaded
     * @throws IllegalStateException when the gateway is not running
     */
    public synchronized void reloadTls() {
        if (io == null) {
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

    /** Bound inner address (may differ from the announced lanIp:lanPort). */
    public InetSocketAddress innerAddress() {
        return innerAddress;
    }

    /** The inner address announced to registers and encoded in client_ids: {@code lanIp:lanPort}. */
    public String announcedAddress() {
        return settings.lanIp() + ":" + (core == null ? settings.lanPort() : core.lanPort());
    }

    /**
     * Number of BusinessWorkers connected now (cmd 200 accepted); 0 before start and after close. Lets an
     * embedding (LocalCluster, tests) wait until clients will be served.
     */
    public int workerCount() {
        return onStateThread(GatewayCore::workerCount, 0);
    }

    /**
     * The most unsent bytes any one client connection has had queued in this gateway since start: at most
     * {@code clientSendBufferLimit} plus one message, since a client whose buffer is full is closed.
     */
    public long clientPendingBytesPeak() {
        GatewayCore c = core;
        return c == null ? 0 : c.clientPendingBytesPeak();
    }

    /**
     * Connection id → remote address ({@code ip:port}) of every client connected now, in id order; empty before
     * start and after close. The address is not on the inner protocol, so this is how {@code gw connections}
     * shows it for Java gateways.
     */
    public java.util.Map<Long, String> clientAddresses() {
        return onStateThread(GatewayCore::clientAddresses, java.util.Map.of());
    }

    /** {@code read} of the state, run on the state thread; {@code stopped} when not running. */
    private <T> T onStateThread(java.util.function.Function<GatewayCore, T> read, T stopped) {
        EventLoopGroup s;
        GatewayCore c;
        synchronized (this) {
            s = state;
            c = core;
        }
        if (s == null) {
            return stopped;
        }
        return s.submit(() -> read.apply(c)).syncUninterruptibly().getNow();
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
        if (io == null) {
            return;
        }
        if (tlsReloadTimer != null) {
            tlsReloadTimer.cancel(false);
            tlsReloadTimer = null;
        }
        if (hooksStarted) {
            hooksStarted = false;
            GatewayCore stopping = core;
            state.submit(() -> stopping.hook("onWorkerStop", () -> settings.hooks().onWorkerStop(this)))
                    .awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        }
        registerLinks.forEach(RegisterLink::stop);
        registerLinks.clear();
        for (Channel ch : serverChannels) {
            ch.close().awaitUninterruptibly();
        }
        serverChannels.clear();
        ChannelMatcher clients = ch -> ch.parent() != innerServer;
        allChannels.writeAndFlush(Unpooled.EMPTY_BUFFER, clients).awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        allChannels.close(clients).awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        // A closed client's channelInactive runs later on its event loop and hands ON_CLOSE to the state thread,
        // which hands the frame to the worker's event loop: pass each in that order so nothing is still on the way.
        // Netty completes the close future before the same task queues channelInactive, so one pass of the I/O
        // loops can run ahead of it; the second is queued after it (a client's onClose was lost once under load).
        passEvery(io);
        passEvery(io);
        passEvery(state);
        allChannels.writeAndFlush(Unpooled.EMPTY_BUFFER).awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        allChannels.close().awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        state.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        if (io != state) {
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        io = null;
        state = null;
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
        private int ioThreads = -1;
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
         * Event-loop threads for client connections (framing, TLS, socket writes); default: Netty's
         * (2 × cores). 0 runs them on the state loop: one thread for the whole gateway, as PHP's gateway
         * process, without hand-offs between threads (fewest CPU cycles per message; one core at most).
         */
        public Builder ioThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("ioThreads must not be negative");
            }
            this.ioThreads = threads;
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
            for (int i = 0; i < resolved.size(); i++) {
                Listener l = resolved.get(i);
                resolved.set(i, l.withSlowClient(l.slowClient() != null ? l.slowClient() : slowClient,
                        l.slowClientTimeout() != null ? l.slowClientTimeout() : slowClientTimeout));
            }
            return new GatewayServer(new Settings(name, List.copyOf(resolved), lanIp, lanPort, bindHost, bindPort,
                    List.copyOf(registers), secretKey, router, pingInterval, pingNotResponseLimit, pingData.clone(),
                    maxInnerFrameLength, clientSendBufferLimit, workerSendBufferLimit, reconnectDelay, keepalive,
                    serverHeader, innerAuthTimeout, websocketHandshakeTimeout, ioThreads, hooks, hookTimeout, tlsReloadCheck,
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
