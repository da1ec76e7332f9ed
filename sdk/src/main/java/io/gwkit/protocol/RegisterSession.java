package io.gwkit.protocol;

import io.gwkit.netty.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived connection to a register, as every GatewayWorker node keeps one (gateways announce themselves
 * with {@code gateway_connect}, workers and push-mode clients subscribe with {@code worker_connect}). The one
 * implementation of the register client's rules:
 * <ul>
 *   <li>on every (re)connection it sends the hello line first;</li>
 *   <li>it pings every {@link Builder#keepalive keepalive} unless {@link #needsKeepalive} says the register is
 *       local (PHP's rule: the address starts with {@code 127.0.0.1});</li>
 *   <li>after a failed connect or a lost connection it reconnects after {@link Builder#reconnectDelay
 *       reconnectDelay}, to the next of its registers when it has several (tried in turn);</li>
 *   <li>an outage is logged once: WARN when it starts, DEBUG for each retry, INFO when the register is back. A
 *       {@code worker_connect} connection that the register closes before answering is a failed attempt: a
 *       register does that, silently, when the secret key does not match.</li>
 * </ul>
 * Lines from the register go to the {@link Listener} on the connection's event loop; a line that does not
 * parse is logged and skipped. Thread-safe; {@link #close()} stops it for good.
 */
public final class RegisterSession implements AutoCloseable {

    /** PHP's reconnect delay after a register connection fails or drops. */
    public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(1);
    /** PHP's keepalive ping interval ({@code PERSISTENCE_CONNECTION_PING_INTERVAL}). */
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(25);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(RegisterSession.class);

    /** What a session reports; every method runs on the connection's event loop and must not block. */
    public interface Listener {
        /** The hello line went out on a new connection to {@code register} (the first, or a reconnection). */
        default void connected(String register) {
        }

        /** The register sent a line. */
        default void received(String register, RegisterMessage message) {
        }

        /** The connection to {@code register} ended (not called for failed connects). */
        default void disconnected(String register) {
        }
    }

    private final String name;
    private final List<String> registers;
    private final EventLoopGroup group;
    private final RegisterMessage hello;
    private final boolean expectsAnswer;
    private final Duration reconnectDelay;
    private final Duration keepalive;
    private final Duration connectTimeout;
    private final Listener listener;
    private final CompletableFuture<Void> firstHello = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile Channel channel;
    /** Attempts failed since the last success; attempts run one at a time, so a volatile counter suffices. */
    private volatile int failedAttempts;
    private volatile int attempts;

    private RegisterSession(Builder b) {
        this.name = b.name;
        this.registers = List.copyOf(b.registers);
        this.group = b.group;
        this.hello = b.hello;
        this.expectsAnswer = b.hello instanceof RegisterMessage.WorkerConnect;
        this.reconnectDelay = b.reconnectDelay;
        this.keepalive = b.keepalive;
        this.connectTimeout = b.connectTimeout;
        this.listener = b.listener;
    }

    /**
     * A builder for a session on {@code group} that sends {@code hello} on every connection.
     *
     * @param hello {@link RegisterMessage.GatewayConnect} or {@link RegisterMessage.WorkerConnect}
     */
    public static Builder builder(EventLoopGroup group, RegisterMessage hello) {
        return new Builder(group, hello);
    }

    /**
     * Whether a connection to {@code registerAddress} is kept alive with pings: PHP's gateways and workers
     * ping every register whose address does not start with {@code 127.0.0.1}.
     */
    public static boolean needsKeepalive(String registerAddress) {
        return !registerAddress.startsWith("127.0.0.1");
    }

    /** Connects; the future completes when the hello line has been written once. */
    public CompletableFuture<Void> start() {
        connect();
        return firstHello;
    }

    /** Stops reconnecting and closes the connection (waiting up to 5 s for it unless called on an event loop). */
    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ChannelFuture done = ch.close();
            if (!ch.eventLoop().inEventLoop()) {
                done.awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        String register = registers.get(Math.floorMod(attempts++, registers.size()));
        HostPort target = HostPort.parse(register);
        Bootstrap b = new Bootstrap().group(group)
                .channel(Transports.socketChannel(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new RegisterLineDecoder(), RegisterLineEncoder.INSTANCE,
                                new Handler(register));
                    }
                });
        ChannelFuture f;
        try {
            f = b.connect(target.host(), target.port());
        } catch (RuntimeException shutDown) {
            return; // the event loop group is shutting down
        }
        channel = f.channel();
        if (closed) {
            f.channel().close();
            return;
        }
        f.addListener(done -> {
            if (!done.isSuccess()) {
                failed(register, String.valueOf(done.cause().getMessage()));
                reconnectLater();
            }
        });
    }

    /** One WARN per outage, not one per retry. */
    private void failed(String register, String why) {
        if (closed) {
            return;
        }
        if (failedAttempts++ == 0) {
            log.warn("{}: register {} unreachable ({}), retrying every {} ms", name, register, why,
                    reconnectDelay.toMillis());
        } else {
            log.debug("{}: register {} still unreachable: {}", name, register, why);
        }
    }

    private void recovered(String register) {
        int failed = failedAttempts;
        if (failed > 0) {
            failedAttempts = 0;
            log.info("{}: register {} reachable again after {} failed attempts", name, register, failed);
        }
    }

    private void reconnectLater() {
        if (closed) {
            return;
        }
        try {
            group.schedule(this::connect, reconnectDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException shutDown) {
            // the event loop group is shutting down
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<String> {
        private final String register;
        private ScheduledFuture<?> pinger;
        /** Whether the register sent any line on this connection. */
        private boolean answered;

        Handler(String register) {
            this.register = register;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (closed) {
                ctx.close();
                return;
            }
            if (!expectsAnswer) {
                recovered(register);
            }
            ctx.writeAndFlush(hello).addListener(f -> {
                if (f.isSuccess()) {
                    firstHello.complete(null);
                }
            });
            if (needsKeepalive(register)) {
                long ms = keepalive.toMillis();
                pinger = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(new RegisterMessage.Ping()),
                        ms, ms, TimeUnit.MILLISECONDS);
            }
            listener.connected(register);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            if (!answered) {
                answered = true;
                recovered(register);
            }
            RegisterMessage message;
            try {
                message = RegisterMessage.parse(line);
            } catch (ProtocolException e) {
                log.warn("{}: bad line from register {}: {}", name, register, e.getMessage());
                return;
            }
            listener.received(register, message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (pinger != null) {
                pinger.cancel(false);
            }
            if (!closed) {
                if (expectsAnswer && !answered) {
                    failed(register, "authentication failed: wrong or missing secret key (the register closed the "
                            + "connection without answering, as it does when the key does not match)");
                } else {
                    log.warn("{}: lost register {}, reconnecting in {} ms", name, register, reconnectDelay.toMillis());
                }
            }
            listener.disconnected(register);
            reconnectLater();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("{}: register {} connection failed: {}", name, register, cause.toString());
            ctx.close();
        }
    }

    /** Settings of a {@link RegisterSession}; every one has PHP's default. */
    public static final class Builder {
        private final EventLoopGroup group;
        private final RegisterMessage hello;
        private final List<String> registers = new ArrayList<>();
        private String name = "gwkit";
        private Duration reconnectDelay = DEFAULT_RECONNECT_DELAY;
        private Duration keepalive = DEFAULT_KEEPALIVE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Listener listener = new Listener() { };

        private Builder(EventLoopGroup group, RegisterMessage hello) {
            this.group = Objects.requireNonNull(group, "group");
            this.hello = Objects.requireNonNull(hello, "hello");
        }

        /**
         * A register address ({@code host:port}); with several, each reconnection goes to the next.
         *
         * @throws InvalidAddressException when it is not {@code host:port}
         */
        public Builder register(String address) {
            HostPort.parse(address);
            registers.add(address);
            return this;
        }

        /** Who logs (e.g. {@code "gateway 10.0.0.5:2900"}): the prefix of this session's log lines. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder reconnectDelay(Duration delay) {
            this.reconnectDelay = positive(delay, "reconnectDelay");
            return this;
        }

        /** Ping interval for registers that {@link #needsKeepalive need keepalive}. */
        public Builder keepalive(Duration interval) {
            this.keepalive = positive(interval, "keepalive");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** A session, not yet connected: {@link RegisterSession#start()} connects. */
        public RegisterSession build() {
            if (registers.isEmpty()) {
                throw new IllegalStateException("no register address");
            }
            return new RegisterSession(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
