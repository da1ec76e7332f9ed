package io.gwkit.register;

import io.gwkit.protocol.RegisterLineDecoder;
import io.gwkit.register.internal.RegisterHandler;
import io.gwkit.register.internal.RegisterState;
import io.gwkit.server.internal.AcceptBackoff;
import io.gwkit.server.internal.AuthGuard;
import io.gwkit.server.internal.Binds;
import io.gwkit.server.internal.Exposure;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The Register of a GatewayWorker cluster: the address book gateways announce their inner address to and
 * workers / GatewayClients read it from (docs/PROTOCOL.md §2). Text protocol, one JSON object per line.
 *
 * <pre>{@code
 * RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).secretKey("k").build();
 * InetSocketAddress bound = register.start();
 * ...
 * register.close();
 * }</pre>
 *
 * All connections are served by one event-loop thread, so the address book needs no locking; the register
 * handles a few lines per node and minute.
 */
public final class RegisterServer implements AutoCloseable {

    /** PHP's auth timeout: a connection that sends nothing in this time is closed. */
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(10);
    /** Longest accepted line (8 KiB); the lines a register reads (connect, ping) are a few hundred bytes. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 8 * 1024;

    private final String host;
    private final int port;
    private final String secretKey;
    private final Duration authTimeout;
    private final int maxLineLength;
    private final AuthGuard guard;

    private EventLoopGroup group;
    private Channel serverChannel;
    /** Every accepted connection: shutting the event loop down does not close them (Netty 4.2 NIO). */
    private ChannelGroup connections;
    private volatile InetSocketAddress boundAddress;
    private volatile RegisterState state;

    private RegisterServer(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.secretKey = b.secretKey;
        this.authTimeout = b.authTimeout;
        this.maxLineLength = b.maxLineLength;
        this.guard = new AuthGuard("the register " + host + ":" + port, b.maxUnauthenticated,
                AuthGuard.DEFAULT_MAX_FAILURES, AuthGuard.DEFAULT_FAILURE_WINDOW);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds and starts serving; returns the bound address (useful with port 0). */
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("register already started on " + boundAddress);
        }
        group = new NioEventLoopGroup(1);
        RegisterState state = new RegisterState(secretKey);
        this.state = state;
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        this.connections = connections;
        ServerBootstrap bootstrap = AcceptBackoff.install(new ServerBootstrap(), "register " + host + ":" + port)
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast("lines", new RegisterLineDecoder(maxLineLength))
                                .addLast("register", new RegisterHandler(state, authTimeout, guard));
                    }
                });
        try {
            serverChannel = Binds.bind(bootstrap, host, port, "the register");
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            throw e;
        }
        boundAddress = (InetSocketAddress) serverChannel.localAddress();
        return boundAddress;
    }

    /** The bound address, or null before {@link #start()}. */
    public InetSocketAddress address() {
        return boundAddress;
    }

    /**
     * The gateway addresses the register holds now, as it would broadcast them (empty before start and after
     * close). Lets an embedding wait until a gateway's announcement has been processed, not just sent.
     */
    public List<String> gatewayAddresses() {
        EventLoopGroup g;
        synchronized (this) {
            g = group;
        }
        RegisterState s = state;
        if (g == null || s == null) {
            return List.of();
        }
        return g.submit(s::addresses).syncUninterruptibly().getNow();
    }

    /**
     * Connections subscribed with {@code worker_connect} now: BusinessWorkers, and GatewayClients while they ask
     * for the list (0 before start and after close). Lets a test see that workers subscribed again.
     */
    public int workerCount() {
        EventLoopGroup g;
        synchronized (this) {
            g = group;
        }
        RegisterState s = state;
        if (g == null || s == null) {
            return 0;
        }
        return g.submit(s::workerCount).syncUninterruptibly().getNow();
    }

    /** Stops listening and closes every connection (gateways and workers will reconnect elsewhere or later). */
    /** Same as {@link #close()}. */
    public void stop() {
        close();
    }

    @Override
    public synchronized void close() {
        if (group == null) {
            return;
        }
        serverChannel.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        group = null;
        serverChannel = null;
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 1236;
        private String secretKey = "";
        private boolean insecureNoSecret;
        private int maxUnauthenticated = AuthGuard.DEFAULT_MAX_UNAUTHENTICATED;
        private Duration authTimeout = DEFAULT_AUTH_TIMEOUT;
        private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;

        private Builder() {
        }

        /**
         * Address to bind (default 127.0.0.1:1236); port 0 picks a free port. An address other than loopback needs a
         * secret, or {@link #insecureNoSecret}.
         */
        public Builder listen(String host, int port) {
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("port out of range 0..65535: " + port);
            }
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /** Shared cluster secret; "" (the default) accepts the empty key only, as PHP does. */
        public Builder secretKey(String secretKey) {
            this.secretKey = secretKey == null ? "" : secretKey;
            return this;
        }

        /**
         * Allows a non-loopback address without a secret, as PHP's Register does by default: anyone who reaches the
         * port can then announce a gateway that every worker connects to (default false: {@link #build} refuses).
         */
        public Builder insecureNoSecret(boolean insecureNoSecret) {
            this.insecureNoSecret = insecureNoSecret;
            return this;
        }

        /** How long a new connection has to authenticate (gateway_connect / worker_connect) before it is closed. */
        public Builder authTimeout(Duration authTimeout) {
            if (authTimeout.isNegative() || authTimeout.isZero()) {
                throw new IllegalArgumentException("authTimeout must be positive: " + authTimeout);
            }
            this.authTimeout = authTimeout;
            return this;
        }

        /**
         * Connections that have not authenticated yet, at most (default
         * {@value io.gwkit.server.internal.AuthGuard#DEFAULT_MAX_UNAUTHENTICATED}); more are closed at once.
         */
        public Builder maxUnauthenticatedConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxUnauthenticatedConnections must be positive: " + max);
            }
            this.maxUnauthenticated = max;
            return this;
        }

        public Builder maxLineLength(int maxLineLength) {
            if (maxLineLength < 64) {
                throw new IllegalArgumentException("maxLineLength must be at least 64: " + maxLineLength);
            }
            this.maxLineLength = maxLineLength;
            return this;
        }

        /**
         * @throws IllegalStateException a non-loopback address without a secret and without
         *         {@link #insecureNoSecret}
         */
        public RegisterServer build() {
            Exposure.check(host, secretKey, insecureNoSecret, "the register");
            return new RegisterServer(this);
        }
    }
}
