package io.gwkit.worker.internal;

import io.gwkit.protocol.ProtocolException;
import io.gwkit.protocol.RegisterLineDecoder;
import io.gwkit.protocol.RegisterLineEncoder;
import io.gwkit.protocol.RegisterMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.gwkit.netty.Transports;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's subscriptions to its registers: {@code worker_connect} on every (re)connection, a ping every
 * 25 s when the register is not on 127.0.0.1 (as PHP decides it), reconnection 1 s after a drop. Every
 * {@code broadcast_addresses} line goes to the listener.
 */
public final class RegisterLinks {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterLinks.class);
    static final long RECONNECT_DELAY_MILLIS = 1_000;
    /** PHP's keepalive interval for registers not on 127.0.0.1. */
    public static final long DEFAULT_PING_INTERVAL_MILLIS = 25_000;

    private final EventLoopGroup group;
    private final List<String> addresses;
    private final String secretKey;
    private final Consumer<List<String>> onAddresses;
    private final long pingIntervalMillis;
    private final List<Channel> channels = new ArrayList<>();
    /** Per register address: connection attempts failed since the last success. */
    private final Map<String, Integer> failedAttempts = new ConcurrentHashMap<>();
    private boolean closed;

    public RegisterLinks(EventLoopGroup group, List<String> addresses, String secretKey, long pingIntervalMillis,
                         Consumer<List<String>> onAddresses) {
        this.pingIntervalMillis = pingIntervalMillis;
        this.group = group;
        this.addresses = List.copyOf(addresses);
        this.secretKey = secretKey;
        this.onAddresses = onAddresses;
    }

    public void start() {
        for (String address : addresses) {
            connect(address);
        }
    }

    public void close() {
        List<Channel> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(channels);
            channels.clear();
        }
        for (Channel ch : open) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void connect(String address) {
        HostPort target = HostPort.parse(address);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transports.socketChannel(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, InnerRequests.CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new RegisterLineDecoder(), RegisterLineEncoder.INSTANCE,
                                new RegisterHandler(address));
                    }
                });
        synchronized (this) {
            if (closed) {
                return;
            }
            ChannelFuture f = b.connect(target.host(), target.port());
            channels.add(f.channel());
            f.addListener((ChannelFuture done) -> {
                if (done.isSuccess()) {
                    Integer failed = failedAttempts.remove(address);
                    if (failed != null) {
                        LOG.info("register {} reachable again after {} failed attempts", address, failed);
                    }
                    return;
                }
                // one WARN per outage, not one per retry
                if (failedAttempts.merge(address, 1, Integer::sum) == 1) {
                    LOG.warn("cannot connect to register {}: {}; retrying every {} ms", address,
                            done.cause().toString(), RECONNECT_DELAY_MILLIS);
                } else {
                    LOG.debug("register {} still unreachable: {}", address, done.cause().toString());
                }
                reconnectLater(address, done.channel());
            });
        }
    }

    private void reconnectLater(String address, Channel old) {
        synchronized (this) {
            channels.remove(old);
            if (closed) {
                return;
            }
        }
        group.schedule(() -> connect(address), RECONNECT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private final class RegisterHandler extends SimpleChannelInboundHandler<String> {
        private final String address;
        private ScheduledFuture<?> ping;
        /** Whether the register sent any line: it closes, silently, a connection whose key is wrong. */
        private boolean answered;

        RegisterHandler(String address) {
            this.address = address;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(new RegisterMessage.WorkerConnect(secretKey));
            // PHP's rule: a register whose address starts with 127.0.0.1 needs no keepalive
            if (!address.startsWith("127.0.0.1")) {
                ping = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(new RegisterMessage.Ping()),
                        pingIntervalMillis, pingIntervalMillis, TimeUnit.MILLISECONDS);
            }
            LOG.info("subscribed to register {}", address);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            answered = true;
            RegisterMessage msg;
            try {
                msg = RegisterMessage.parse(line);
            } catch (ProtocolException e) {
                LOG.warn("bad line from register {}: {}", address, e.getMessage());
                return;
            }
            if (msg instanceof RegisterMessage.BroadcastAddresses) {
                onAddresses.accept(((RegisterMessage.BroadcastAddresses) msg).addresses());
            } else {
                LOG.warn("unexpected event from register {}: {}", address, line);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ping != null) {
                ping.cancel(false);
            }
            if (!isClosed() && !answered) {
                LOG.warn("authentication failed: wrong or missing secret key (register {} closed the connection "
                        + "without answering, as it does when the key does not match); retrying in {} ms", address,
                        RECONNECT_DELAY_MILLIS);
            } else if (!isClosed()) {
                LOG.warn("register connection {} closed; reconnecting in {} ms", address, RECONNECT_DELAY_MILLIS);
            }
            reconnectLater(address, ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("register connection {} failed: {}", address, cause.toString());
            ctx.close();
        }
    }
}
