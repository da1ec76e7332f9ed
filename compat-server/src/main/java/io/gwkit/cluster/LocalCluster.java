package io.gwkit.cluster;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayServer;
import io.gwkit.register.RegisterServer;
import io.gwkit.worker.AppConfig;
import io.gwkit.worker.BusinessWorker;
import io.gwkit.worker.DemoApp;
import io.gwkit.worker.EventHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A whole cluster in one JVM, in the canonical deployment of the conformance captures: a Register, a text
 * Gateway, a websocket Gateway and BusinessWorker(s) running one handler ({@link DemoApp} by default).
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().build().start()) {
 *     InetSocketAddress text = cluster.textAddress();   // connect clients here
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} brings the nodes up in the captures' order and returns once each is ready: register
 * listening, text gateway announced, websocket gateway announced, then each worker connected to both gateways
 * and accepted by them. Defaults are the canonical ports (1236, 8282, 8283, inner 2900/2901); each gateway's
 * inner listener can bind one port while announcing another (for a capture proxy in between).
 */
public final class LocalCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Builder config;
    private RegisterServer register;
    private GatewayServer textGateway;
    private GatewayServer wsGateway;
    private final List<BusinessWorker> workers = new ArrayList<>();
    private InetSocketAddress registerAddress;

    private LocalCluster(Builder config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts every node in the canonical order; on failure, stops what was started and rethrows. */
    public synchronized LocalCluster start() throws InterruptedException {
        if (register != null) {
            throw new IllegalStateException("cluster already started");
        }
        try {
            register = RegisterServer.builder().listen(config.host, config.registerPort)
                    .secretKey(config.secretKey).insecureNoSecret(config.insecureNoSecret).build();
            registerAddress = register.start();
            String registerFor = config.registerConnect != null ? config.registerConnect
                    : connectHost(config.host) + ":" + registerAddress.getPort();
            textGateway = startGateway("text", "text://" + config.host + ":" + config.textPort,
                    config.textLanPort, config.textInnerBindPort, registerFor);
            int wsLanPort = config.wsFollowsText && config.textLanPort != 0 ? config.textLanPort + config.gatewayCount
                    : config.wsLanPort;
            wsGateway = startGateway("websocket", "websocket://" + config.host + ":" + config.wsPort,
                    wsLanPort, config.wsInnerBindPort, registerFor);
            List<String> inner = new java.util.ArrayList<>(textGateway.announcedAddresses());
            inner.addAll(wsGateway.announcedAddresses());
            for (int i = 0; i < config.workerCount; i++) {
                BusinessWorker.Builder wb = BusinessWorker.builder();
                if (config.handlerThreads >= 0) {
                    wb.handlerThreads(config.handlerThreads);
                }
                BusinessWorker worker = wb
                        .registerAddress(registerFor)
                        .name(config.workerName)
                        .index(i)
                        .secretKey(config.secretKey)
                        .handler(config.handler.get())
                        .config(config.appConfig)
                        .build()
                        .start();
                workers.add(worker);
                if (!worker.awaitConnected(inner, START_TIMEOUT)) {
                    throw new IllegalStateException("worker " + i + " did not connect to gateways " + inner);
                }
                awaitWorkers(textGateway, i + 1);
                awaitWorkers(wsGateway, i + 1);
            }
            return this;
        } catch (InterruptedException | RuntimeException e) { // a bind failure names its address (Binds)
            close();
            throw e;
        }
    }

    private GatewayServer startGateway(String name, String listen, int lanPort, Integer innerBindPort,
                                       String registerFor) throws InterruptedException {
        GatewayServer.Builder b = GatewayServer.builder()
                .name(name)
                .listen(listen)
                .lanIp(config.lanIp)
                .lanPort(lanPort)
                .register(registerFor)
                .secretKey(config.secretKey)
                .insecureNoSecret(config.insecureNoSecret)
                .hooks(config.gatewayHooks.get())
                .captureCompatibleHandshakeData(config.captureCompatibleHandshakeData);
        b.count(config.gatewayCount);
        if (innerBindPort != null) {
            b.innerBind(config.lanIp, innerBindPort);
        }
        GatewayServer gateway = b.build();
        try {
            gateway.start().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            gateway.close();
            throw new IllegalStateException(name + " gateway did not register: " + e, e);
        }
        // start() completes once the announcement is written; the next node must find it processed
        List<String> announced = gateway.announcedAddresses();
        awaitCondition(() -> register.gatewayAddresses().containsAll(announced), name + " gateway " + announced
                + " is not in the register's list");
        return gateway;
    }

    /** The gateway accepts the worker's cmd 200 on its own thread: wait until it counts it. */
    private static void awaitWorkers(GatewayServer gateway, int count) throws InterruptedException {
        awaitCondition(() -> gateway.workerCount() >= count,
                "gateway " + gateway.announcedAddress() + " did not accept the worker");
    }

    /** Polls a node's state: the nodes offer no notification for these start-up milestones. */
    private static void awaitCondition(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " after " + START_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(5);
        }
    }

    private static String connectHost(String bindHost) {
        return bindHost.equals("0.0.0.0") ? "127.0.0.1" : bindHost;
    }

    public InetSocketAddress registerAddress() {
        return registerAddress;
    }

    /** Where text clients connect. */
    public InetSocketAddress textAddress() {
        return textGateway.listenerAddresses().get(0);
    }

    /** Where websocket clients connect. */
    public InetSocketAddress wsAddress() {
        return wsGateway.listenerAddresses().get(0);
    }

    /** The text gateway's announced inner address (lanIp:lanPort), as in its client_ids. */
    public String textInnerAddress() {
        return textGateway.announcedAddress();
    }

    public String wsInnerAddress() {
        return wsGateway.announcedAddress();
    }

    public RegisterServer register() {
        return register;
    }

    public GatewayServer textGateway() {
        return textGateway;
    }

    public GatewayServer wsGateway() {
        return wsGateway;
    }

    public List<BusinessWorker> workers() {
        return List.copyOf(workers);
    }

    /**
     * Stops without losing an accepted event: gateways first (they stop taking clients and hand every message
     * they read, and every client's close, to the workers), then workers (they finish every event they read),
     * then the register. Stopping workers first would leave gateways with clients and no worker to send to.
     */
    @Override
    public synchronized void close() {
        if (wsGateway != null) {
            wsGateway.close();
        }
        if (textGateway != null) {
            textGateway.close();
        }
        for (BusinessWorker w : workers) {
            w.close();
        }
        workers.clear();
        if (register != null) {
            register.close();
        }
    }

    /** Configures a {@link LocalCluster}; defaults are the canonical deployment's. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int registerPort = 1236;
        private int textPort = 8282;
        private int wsPort = 8283;
        private String lanIp = "127.0.0.1";
        private int textLanPort = 2900;
        private int wsLanPort = 2901;
        private Integer textInnerBindPort;
        private Integer wsInnerBindPort;
        private String secretKey = "";
        private boolean insecureNoSecret;
        private String registerConnect;
        private Supplier<EventHandler> handler = DemoApp::new;
        private Supplier<GatewayHooks> gatewayHooks = () -> GatewayHooks.NONE;
        private boolean captureCompatibleHandshakeData;
        private String workerName = "BusinessWorker";
        private int workerCount = 1;
        private int gatewayCount = 1;
        /** The websocket gateway's inner ports follow the text gateway's (the defaults, innerPort). */
        private boolean wsFollowsText = true;
        private int handlerThreads = -1;
        private AppConfig appConfig = AppConfig.empty();

        private Builder() {
        }

        /** Every port 0: the system picks free ones (tests). */
        public Builder ephemeralPorts() {
            registerPort = 0;
            textPort = 0;
            wsPort = 0;
            textLanPort = 0;
            wsLanPort = 0;
            wsFollowsText = false;
            return this;
        }

        /** Host the register and the client listeners bind (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        public Builder registerPort(int port) {
            this.registerPort = port(port);
            return this;
        }

        public Builder textPort(int port) {
            this.textPort = port(port);
            return this;
        }

        public Builder wsPort(int port) {
            this.wsPort = port(port);
            return this;
        }

        /** The gateways' lanIp (announced, in client_ids); their inner listeners bind it too. */
        public Builder lanIp(String lanIp) {
            this.lanIp = Objects.requireNonNull(lanIp);
            return this;
        }

        /**
         * Inner ports like PHP's startPort: the text gateway's shards get {@code port ..}, the websocket one's the
         * next {@link #gatewayCount} ports ({@code port + 1} with one shard each).
         */
        public Builder innerPort(int port) {
            this.textLanPort = port(port);
            this.wsLanPort = port == 0 ? 0 : port(port + 1);
            this.wsFollowsText = true;
            return this;
        }

        /** The text gateway announces {@code lanPort} and binds its inner listener on {@code bindPort}. */
        public Builder textInner(int lanPort, int bindPort) {
            this.textLanPort = port(lanPort);
            this.textInnerBindPort = port(bindPort);
            this.wsFollowsText = false;
            return this;
        }

        public Builder wsInner(int lanPort, int bindPort) {
            this.wsLanPort = port(lanPort);
            this.wsFollowsText = false;
            this.wsInnerBindPort = port(bindPort);
            return this;
        }

        /**
         * The register address the gateways and workers connect to, when it is not the one the register
         * listens on (a capture proxy in between). Default: the register's own address.
         */
        public Builder registerConnect(String hostPort) {
            this.registerConnect = Objects.requireNonNull(hostPort);
            return this;
        }

        public Builder secretKey(String secretKey) {
            this.secretKey = Objects.requireNonNull(secretKey);
            return this;
        }

        /**
         * Lets the register and inner ports listen on a non-loopback host without a secret, as PHP does by
         * default (see {@code RegisterServer.Builder#insecureNoSecret}); without it such a cluster refuses to start.
         */
        public Builder insecureNoSecret(boolean insecureNoSecret) {
            this.insecureNoSecret = insecureNoSecret;
            return this;
        }

        /** The handler; one instance shared by every worker. */
        public Builder handler(EventHandler handler) {
            Objects.requireNonNull(handler);
            this.handler = () -> handler;
            return this;
        }

        /** A handler instance per worker. */
        public Builder handler(Supplier<EventHandler> handlers) {
            this.handler = Objects.requireNonNull(handlers);
            return this;
        }

        /** What the workers' handlers read from {@code WorkerContext.config()} (default: empty). */
        public Builder appConfig(AppConfig config) {
            this.appConfig = Objects.requireNonNull(config);
            return this;
        }

        /** Gateway hooks, an instance per gateway (none by default). */
        public Builder gatewayHooks(Supplier<GatewayHooks> hooks) {
            this.gatewayHooks = Objects.requireNonNull(hooks);
            return this;
        }

        /** See {@link GatewayServer.Builder#captureCompatibleHandshakeData}. */
        public Builder captureCompatibleHandshakeData(boolean compatible) {
            this.captureCompatibleHandshakeData = compatible;
            return this;
        }

        public Builder workerName(String name) {
            this.workerName = Objects.requireNonNull(name);
            return this;
        }

        /**
         * {@link GatewayServer.Builder#count} of both gateways (default 1): shards, each one event loop with inner
         * port lanPort + i; with {@link #innerPort} the websocket gateway's ports follow the text gateway's.
         */
        public Builder gatewayCount(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("gatewayCount must be at least 1: " + count);
            }
            this.gatewayCount = count;
            return this;
        }

        /**
         * No effect: each gateway shard's event loop does its own clients' I/O.
         *
         * @deprecated use {@link #gatewayCount}
         */
        @Deprecated
        public Builder gatewayIoThreads(int threads) {
            return this;
        }

        /**
         * {@link BusinessWorker.Builder#handlerThreads} of every worker (0: handlers on the I/O thread);
         * negative: the worker's default.
         */
        public Builder handlerThreads(int threads) {
            this.handlerThreads = threads;
            return this;
        }

        /** Number of BusinessWorkers (indexes 0..n-1); 0 starts none. */
        public Builder workers(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("workers < 0: " + count);
            }
            this.workerCount = count;
            return this;
        }

        public LocalCluster build() {
            return new LocalCluster(this);
        }

        private static int port(int port) {
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("port out of range 0..65535: " + port);
            }
            return port;
        }
    }
}
