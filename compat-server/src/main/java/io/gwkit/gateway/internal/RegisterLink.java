package io.gwkit.gateway.internal;

import io.gwkit.protocol.RegisterMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.gwkit.netty.Transports;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's connection to one register: announces the inner address on every (re)connect, pings when
 * the register is not on loopback, reconnects after a delay when the connection drops.
 */
public final class RegisterLink {

    private static final Logger log = LoggerFactory.getLogger(RegisterLink.class);

    private final String registerAddress;
    private final String host;
    private final int port;
    private final EventLoopGroup group;
    private final Duration reconnectDelay;
    private final Duration keepalive;
    private final String announceLine;
    private final CompletableFuture<Void> firstAnnounce = new CompletableFuture<>();
    private volatile boolean stopped;
    private volatile Channel channel;
    /** Connection attempts failed since the last success (attempts run one at a time). */
    private volatile int failedAttempts;

    public RegisterLink(String registerAddress, EventLoopGroup group, String innerAddress, String secretKey,
                        Duration reconnectDelay, Duration keepalive) {
        int colon = registerAddress.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("register address must be HOST:PORT, got \"" + registerAddress + "\"");
        }
        this.registerAddress = registerAddress;
        this.host = registerAddress.substring(0, colon);
        this.port = Integer.parseInt(registerAddress.substring(colon + 1));
        this.group = group;
        this.reconnectDelay = reconnectDelay;
        this.keepalive = keepalive;
        this.announceLine = new RegisterMessage.GatewayConnect(innerAddress, secretKey).toLine() + "\n";
    }

    /** Completes when the address has been announced once. */
    public CompletableFuture<Void> start() {
        connect();
        return firstAnnounce;
    }

    public void stop() {
        stopped = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        new Bootstrap().group(group)
                .channel(Transports.socketChannel(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(64 * 1024), new Handler());
                    }
                })
                .connect(host, port)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        // one WARN per outage, not one per retry
                        if (failedAttempts++ == 0) {
                            log.warn("register {} unreachable ({}), retrying every {} ms", registerAddress,
                                    f.cause().getMessage(), reconnectDelay.toMillis());
                        } else {
                            log.debug("register {} still unreachable: {}", registerAddress, f.cause().getMessage());
                        }
                        scheduleReconnect();
                    }
                });
    }

    private void scheduleReconnect() {
        if (!stopped) {
            group.schedule(this::connect, reconnectDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        private ScheduledFuture<?> pingTimer;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            if (stopped) {
                ctx.close();
                return;
            }
            if (failedAttempts > 0) {
                log.info("register {} reachable again after {} failed attempts", registerAddress, failedAttempts);
                failedAttempts = 0;
            }
            ctx.writeAndFlush(Unpooled.copiedBuffer(announceLine, StandardCharsets.UTF_8)).addListener(f -> {
                if (f.isSuccess()) {
                    firstAnnounce.complete(null);
                }
            });
            // PHP pings only registers whose address does not start with 127.0.0.1.
            if (!registerAddress.startsWith("127.0.0.1")) {
                String ping = new RegisterMessage.Ping().toLine() + "\n";
                long ms = keepalive.toMillis();
                pingTimer = ctx.executor().scheduleAtFixedRate(
                        () -> ctx.writeAndFlush(Unpooled.copiedBuffer(ping, StandardCharsets.UTF_8)),
                        ms, ms, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            // A register sends nothing to gateways; a line here would be an error text before a close.
            log.warn("register {} says: {}", registerAddress, msg.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (pingTimer != null) {
                pingTimer.cancel(false);
            }
            if (!stopped) {
                log.warn("lost register {}, reconnecting in {} ms", registerAddress, reconnectDelay.toMillis());
                scheduleReconnect();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("register {} link error: {}", registerAddress, cause.toString());
            ctx.close();
        }
    }
}
