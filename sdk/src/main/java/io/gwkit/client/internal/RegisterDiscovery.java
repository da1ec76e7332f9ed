package io.gwkit.client.internal;

import io.gwkit.netty.Transports;
import io.gwkit.client.GatewayClientException;
import io.gwkit.client.GatewayProtocolException;
import io.gwkit.client.GatewayTimeoutException;
import io.gwkit.client.RegisterUnavailableException;
import io.gwkit.protocol.ProtocolException;
import io.gwkit.protocol.RegisterLineDecoder;
import io.gwkit.protocol.RegisterMessage;
import io.gwkit.protocol.RegisterSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the gateways are. Default: ask the register one-shot as PHP does (connect, send
 * {@code worker_connect}, read one {@code broadcast_addresses} line, close), cache the list for the TTL,
 * one lookup in flight at a time, registers tried in order until one answers. Push mode: a
 * {@link RegisterSession} keeps a subscription open (to the next register after each loss) and every
 * {@code broadcast_addresses} it receives replaces the list; while it is down, one-shot lookups stand in.
 */
final class RegisterDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegisterDiscovery.class);
    private static final long CURRENT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Cached(List<String> addresses, long fetchedNanos) {
    }

    private final TransportConfig config;
    private final EventLoopGroup group;
    private volatile Cached cached;
    private CompletableFuture<List<String>> lookup;
    private volatile List<String> pushed;
    /** The last non-empty list a register gave (null before): what dials may use while no register answers. */
    private volatile List<String> lastKnown;
    private final RegisterSession subscription;

    RegisterDiscovery(TransportConfig config, EventLoopGroup group) {
        this.config = config;
        this.group = group;
        this.subscription = config.registerPush() ? subscribe() : null;
    }

    CompletableFuture<List<String>> addresses() {
        List<String> live = pushed;
        if (live != null) {
            return CompletableFuture.completedFuture(live);
        }
        Cached c = cached;
        if (c != null && System.nanoTime() - c.fetchedNanos < config.registerCacheTtl().toNanos()) {
            return CompletableFuture.completedFuture(c.addresses);
        }
        CompletableFuture<List<String>> started;
        synchronized (this) {
            if (lookup != null) {
                return lookup;
            }
            started = new CompletableFuture<>();
            lookup = started;
        }
        started.whenComplete((list, e) -> {
            synchronized (this) {
                if (lookup == started) {
                    lookup = null;
                }
            }
        });
        ask(0, null, started);
        return started;
    }

    /**
     * The list as the register has it now: pushed, or fetched within the last second, or else fetched again
     * (whatever the cache TTL). Bounds how stale the list that gates dialing may be, and how often calls with
     * client_ids of unknown gateways can make the SDK ask the register (once a second).
     */
    CompletableFuture<List<String>> current() {
        List<String> live = pushed;
        if (live != null) {
            return CompletableFuture.completedFuture(live);
        }
        Cached c = cached;
        if (c != null && System.nanoTime() - c.fetchedNanos < CURRENT_NANOS) {
            return CompletableFuture.completedFuture(c.addresses);
        }
        synchronized (this) {
            if (lookup == null) {
                cached = null;
            }
        }
        return addresses();
    }

    /** The last non-empty list any register gave, or null: used to dial while no register answers. */
    List<String> lastKnown() {
        return lastKnown;
    }

    private void ask(int index, Throwable lastFailure, CompletableFuture<List<String>> result) {
        List<String> registers = config.registerAddresses();
        if (index == registers.size()) {
            String problem = (registers.size() == 1 ? "register " + registers.get(0) + " did not answer"
                    : "none of the registers " + registers + " answered") + " with the gateway list: "
                    + (lastFailure == null ? "?" : lastFailure.getMessage());
            result.completeExceptionally(new RegisterUnavailableException(null, String.join(",", registers), problem,
                    lastFailure));
            return;
        }
        String register = registers.get(index);
        CompletableFuture<List<String>> answer = new CompletableFuture<>();
        ask(register, answer);
        answer.whenComplete((list, e) -> {
            if (e != null) {
                log.debug("register {} failed: {}", register, e.getMessage());
                ask(index + 1, e, result);
            } else if (list.isEmpty()) {
                ask(index + 1, new RegisterUnavailableException(null, register, "register " + register
                        + " is up but lists no gateway: no gateway has registered with it (is one running, "
                        + "pointed at this register, with the same secret key?)", null), result);
            } else {
                cached = new Cached(list, System.nanoTime());
                lastKnown = list;
                result.complete(list);
            }
        });
    }

    /**
     * One-shot lookup as PHP's GatewayClient does it: connects to a register, sends worker_connect, completes
     * {@code answer} with the first broadcast_addresses line and closes; fails on connect error, timeout or a
     * bad line.
     */
    private void ask(String register, CompletableFuture<List<String>> answer) {
        InetSocketAddress dial;
        try {
            dial = NettyGatewayTransport.socketAddress(config.addressTranslator().apply(register));
        } catch (IllegalArgumentException e) {
            answer.completeExceptionally(new RegisterUnavailableException(null, register, e.getMessage(), e));
            return;
        }
        int connectMillis = (int) config.connectTimeout().toMillis();
        Bootstrap b = new Bootstrap().group(group).channel(Transports.socketChannel(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new RegisterLineDecoder(), new OneShotLookup(register, answer));
                    }
                });
        try {
            b.connect(dial).addListener(f -> {
                if (!f.isSuccess()) {
                    Throwable c = f.cause();
                    answer.completeExceptionally(c instanceof ConnectTimeoutException
                            ? new GatewayTimeoutException(null, register, "connect to register " + register
                                    + " timed out after " + connectMillis + " ms", c)
                            : new RegisterUnavailableException(null, register, "cannot connect to register " + register
                                    + ": " + c.getMessage(), c));
                }
            });
        } catch (RuntimeException shutDown) {
            answer.completeExceptionally(new IllegalStateException("GatewayClient is closed", shutDown));
        }
    }

    private final class OneShotLookup extends SimpleChannelInboundHandler<String> {
        private final String register;
        private final CompletableFuture<List<String>> answer;
        /** Whether the register sent any line: a register closes, silently, a connection whose key is wrong. */
        private boolean answered;

        OneShotLookup(String register, CompletableFuture<List<String>> answer) {
            this.register = register;
            this.answer = answer;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            String line = new RegisterMessage.WorkerConnect(config.secretKey()).toLine() + "\n";
            ctx.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8));
            long millis = config.replyTimeout().toMillis();
            ctx.executor().schedule(() -> {
                if (answer.completeExceptionally(new GatewayTimeoutException(null, register,
                        "register " + register + " sent no gateway list within " + millis + " ms", null))) {
                    ctx.close();
                }
            }, millis, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            answered = true;
            RegisterMessage m;
            try {
                m = RegisterMessage.parse(line);
            } catch (ProtocolException e) {
                fail(ctx, new GatewayProtocolException(null, register,
                        "register " + register + " sent a bad line: " + e.getMessage(), e));
                return;
            }
            if (m instanceof RegisterMessage.BroadcastAddresses broadcast) {
                answer.complete(List.copyOf(broadcast.addresses()));
                ctx.close();
            } else {
                fail(ctx, new GatewayProtocolException(null, register,
                        "register " + register + " sent " + line + " instead of broadcast_addresses", null));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, new GatewayProtocolException(null, register,
                    "register " + register + " link failed: " + cause.getMessage(), cause));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answer.completeExceptionally(new RegisterUnavailableException(null, register, answered
                    ? "register " + register + " closed the connection"
                    : "authentication failed: wrong or missing secret key (register " + register
                            + " closed the connection without answering, as it does when the key does not match)",
                    null));
        }

        private void fail(ChannelHandlerContext ctx, GatewayClientException e) {
            answer.completeExceptionally(e);
            ctx.close();
        }
    }

    // ---------------------------------------------------------------- push mode

    private RegisterSession subscribe() {
        RegisterSession.Builder b = RegisterSession.builder(group, new RegisterMessage.WorkerConnect(config.secretKey()))
                .name("GatewayClient")
                .connectTimeout(config.connectTimeout())
                .listener(new RegisterSession.Listener() {
                    @Override
                    public void received(String register, RegisterMessage message) {
                        if (message instanceof RegisterMessage.BroadcastAddresses broadcast) {
                            List<String> list = List.copyOf(broadcast.addresses());
                            pushed = list.isEmpty() ? null : list;
                            if (!list.isEmpty()) {
                                lastKnown = list;
                            }
                            log.debug("register {} pushed gateways {}", register, list);
                        }
                    }

                    @Override
                    public void disconnected(String register) {
                        pushed = null;
                    }
                });
        config.registerAddresses().forEach(r -> b.register(config.addressTranslator().apply(r)));
        RegisterSession session = b.build();
        session.start();
        return session;
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
