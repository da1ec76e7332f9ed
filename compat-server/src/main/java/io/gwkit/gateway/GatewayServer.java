package io.gwkit.gateway;

import io.gwkit.gateway.internal.GatewayCore;
import io.gwkit.gateway.internal.GatewayOptions;
import io.gwkit.gateway.internal.GatewayRun;
import io.gwkit.gateway.internal.Settings;
import io.gwkit.gateway.internal.Shard;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    /** The current or last run (its addresses stay readable after close); null before the first start. */
    private volatile GatewayRun run;

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
        if (running()) {
            throw new IllegalStateException("gateway already started");
        }
        run = new GatewayRun(settings, stats);
        CompletableFuture<Void> announced = run.start(() -> settings.hooks().onWorkerStart(this));
        log.info("gateway {} listening on {}, inner {} announced as {}", settings.name(), listenerAddresses(),
                innerAddresses(), announcedAddresses());
        return announced.thenApply(v -> this);
    }

    private boolean running() {
        GatewayRun now = run;
        return now != null && now.running();
    }

    /**
     * Reads every TLS listener's certificate and key files again; new connections use them, open ones keep theirs.
     * All or nothing: when one listener's files cannot be loaded, every listener keeps its current ones.
     *
     * @throws IllegalArgumentException naming the file that could not be loaded
     * @throws IllegalStateException when the gateway is not running
     */
    public synchronized void reloadTls() {
        if (!running()) {
            throw new IllegalStateException("gateway not running");
        }
        run.reloadTls();
    }

    /** Bound client-facing addresses, in listener order. */
    public List<InetSocketAddress> listenerAddresses() {
        GatewayRun now = run;
        return now == null ? List.of() : now.listenerAddresses();
    }

    /** Shard 0's bound inner address (may differ from the announced lanIp:lanPort); see {@link #innerAddresses()}. */
    public InetSocketAddress innerAddress() {
        List<InetSocketAddress> all = innerAddresses();
        return all.isEmpty() ? null : all.get(0);
    }

    /** Every shard's bound inner address, shard 0 first; empty before start. */
    public List<InetSocketAddress> innerAddresses() {
        List<InetSocketAddress> all = new ArrayList<>();
        for (Shard shard : shards()) {
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
        List<Shard> now = shards();
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
        return shards().stream().mapToLong(s -> s.core().clientPendingBytesPeak()).max().orElse(0);
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
        List<Shard> now = shards();
        List<java.util.Map<Long, String>> maps = onEveryShard(GatewayCore::clientAddresses, java.util.Map.of());
        for (int i = 0; i < maps.size(); i++) {
            byShard.put(now.get(i).announcedAddress(), maps.get(i));
        }
        return byShard;
    }

    /** {@code read} of each shard's state, run on its loop, in shard order; empty when not running. */
    private <T> List<T> onEveryShard(java.util.function.Function<GatewayCore, T> read, T stopped) {
        GatewayRun now;
        synchronized (this) {
            if (!running()) {
                return List.of();
            }
            now = run;
        }
        return now.onEveryShard(read, stopped);
    }

    private List<Shard> shards() {
        GatewayRun now = run;
        return now == null ? List.of() : now.shards();
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
     * and GatewayClient connections flushed and closed. Each step waits at most 5 s.
     */
    @Override
    public synchronized void close() {
        if (run != null) {
            run.close(() -> settings.hooks().onWorkerStop(this));
        }
    }

    public static final class Builder {
        private final GatewayOptions options = new GatewayOptions();

        private Builder() {
        }

        public Builder name(String name) {
            options.name(name);
            return this;
        }

        /**
         * Adds a client listener, e.g. {@code text://0.0.0.0:8282}, {@code websocket://0.0.0.0:8283},
         * {@code wss://0.0.0.0:443}, or the scheme of a {@link #protocol registered protocol}.
         */
        public Builder listen(String uri) {
            return listen(options.parseListener(uri));
        }

        /** Registers a client protocol, so that {@link #listen(String)} knows its scheme. */
        public Builder protocol(ClientProtocol protocol) {
            options.protocol(protocol);
            return this;
        }

        public Builder listen(Listener listener) {
            options.listen(listener);
            return this;
        }

        /** The IPv4 address workers and GatewayClients reach this gateway on (announced, in client_ids). */
        public Builder lanIp(String lanIp) {
            options.lanIp(lanIp);
            return this;
        }

        /**
         * The announced inner port (in client_ids and the register). Also the bound port unless
         * {@link #innerBind} says otherwise; 0 binds any free port and announces it.
         */
        public Builder lanPort(int lanPort) {
            options.lanPort(lanPort);
            return this;
        }

        /** Binds the inner listener here instead of lanIp:lanPort (e.g. behind a port forward or a proxy). */
        public Builder innerBind(String host, int port) {
            options.innerBind(host, port);
            return this;
        }

        public Builder register(String hostPort) {
            options.register(hostPort);
            return this;
        }

        public Builder secretKey(String secretKey) {
            options.secretKey(secretKey);
            return this;
        }

        /**
         * Allows an inner port on a non-loopback address without a secret, as PHP's gateway does by default: anyone
         * who reaches it can then act as a worker or a GatewayClient (default false: {@link #build} refuses).
         */
        public Builder insecureNoSecret(boolean insecureNoSecret) {
            options.insecureNoSecret(insecureNoSecret);
            return this;
        }

        public Builder router(Router router) {
            options.router(router);
            return this;
        }

        /** Client heartbeat period; zero (default) disables it. */
        public Builder pingInterval(Duration pingInterval) {
            options.pingInterval(pingInterval);
            return this;
        }

        /** Missed intervals before a silent client is closed; 0 = only send pings. */
        public Builder pingNotResponseLimit(int limit) {
            options.pingNotResponseLimit(limit);
            return this;
        }

        public Builder pingData(String pingData) {
            options.pingData(pingData);
            return this;
        }

        public Builder maxInnerFrameLength(int max) {
            options.maxInnerFrameLength(max);
            return this;
        }

        /**
         * Unsent bytes a client may accumulate (1 MiB). At the limit the inner connections sending to it stop
         * being read until it drains to half; see {@link #slowClient} for what happens if it does not.
         */
        public Builder clientSendBufferLimit(long bytes) {
            options.clientSendBufferLimit(bytes);
            return this;
        }

        /**
         * What every listener without its own ({@link Listener#withSlowClient}) does with a client that stays over
         * {@link #clientSendBufferLimit}: it may hold back the inner connections sending to it for
         * {@code timeout} (zero: none, as Workerman), then {@code policy} applies. Default: {@code CLOSE} after
         * {@link GatewayServer#DEFAULT_SLOW_CLIENT_TIMEOUT} (10 s).
         */
        public Builder slowClient(SlowClientPolicy policy, Duration timeout) {
            options.slowClient(policy, timeout);
            return this;
        }

        /** Unsent bytes towards one worker before further events to it are dropped (10 MiB). */
        public Builder workerSendBufferLimit(long bytes) {
            options.workerSendBufferLimit(bytes);
            return this;
        }

        /**
         * Pause before reconnecting to a register that went away (1 s, as PHP). At most
         * {@link #MAX_REGISTER_RECONNECT_DELAY}, so a returning register knows every gateway again within about a
         * second.
         */
        public Builder registerReconnectDelay(Duration delay) {
            options.registerReconnectDelay(delay);
            return this;
        }

        /** Register / worker keepalive period when not on loopback (25 s). */
        public Builder keepaliveInterval(Duration interval) {
            options.keepaliveInterval(interval);
            return this;
        }

        /**
         * The {@code Server} header of the websocket 101 response. Defaults to {@code workerman/4.0.19} so the
         * handshake is byte-identical to the PHP gateway the captures were made with.
         */
        public Builder serverHeader(String serverHeader) {
            options.serverHeader(serverHeader);
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
            options.count(count);
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
            options.ioThreads(threads);
            return this;
        }

        /**
         * How long a websocket client may take to send its complete upgrade request before it is closed
         * (10 s; Workerman has no such limit, so a silent connection there lives until the heartbeat ends it).
         */
        public Builder websocketHandshakeTimeout(Duration timeout) {
            options.websocketHandshakeTimeout(timeout);
            return this;
        }

        /**
         * How long a new inner-port connection has to send its first whole frame, or to authenticate (cmd
         * 200/202) when there is a secret, before it is closed (10 s, the register's auth timeout). PHP's
         * gateway has no such limit; connected workers and pooled GatewayClient links are never timed out.
         */
        public Builder innerAuthTimeout(Duration timeout) {
            options.innerAuthTimeout(timeout);
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
            options.workerGap(events, bytes, timeout);
            return this;
        }

        /**
         * TLS settings of the secure listeners that have none of their own ({@code wss://}, {@code ssl://},
         * {@code <scheme>+tls://}).
         */
        public Builder tls(Tls tls) {
            options.tls(tls);
            return this;
        }

        /**
         * How often to look at the TLS files' modification times and reload them when they changed (a renewed
         * certificate without a restart); zero (default) never looks. {@link GatewayServer#reloadTls()} reloads now.
         */
        public Builder tlsReloadCheck(Duration interval) {
            options.tlsReloadCheck(interval);
            return this;
        }

        /**
         * The websocket handshake data workers get (cmd 205): by default its {@code server} array ends with
         * {@code REMOTE_ADDR} and {@code REMOTE_PORT}, as current GatewayWorker releases send; {@code true} sends it
         * exactly as Workerman 4.0.19 built it, without them (what the conformance captures hold).
         */
        public Builder captureCompatibleHandshakeData(boolean compatible) {
            options.captureCompatibleHandshakeData(compatible);
            return this;
        }

        /** Callbacks of a {@code start_gateway.php}: lifecycle, websocket handshake, router (none by default). */
        public Builder hooks(GatewayHooks hooks) {
            options.hooks(hooks);
            return this;
        }

        /**
         * How long an asynchronous websocket handshake hook may take before the client gets 503 and is closed
         * (5 s).
         */
        public Builder hookTimeout(Duration timeout) {
            options.hookTimeout(timeout);
            return this;
        }

        /**
         * @throws IllegalStateException no register, a TLS listener without a certificate ({@link #tls}), inner
         *         ports past 65535, or an inner port on a non-loopback address without a secret and without
         *         {@link #insecureNoSecret}
         */
        public GatewayServer build() {
            return new GatewayServer(options.settings());
        }
    }
}
