package io.gwkit.worker.internal;

import io.gwkit.protocol.HostPort;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameEncoder;
import io.gwkit.protocol.GatewayReply;
import io.gwkit.protocol.GatewayReplyDecoder;
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
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Request/reply commands the way PHP's BusinessWorker sends them: one new short TCP connection per request
 * (prefixed with the cmd 202 auth frame when there is a secret), one reply read, connection closed.
 */
public final class InnerRequests {

    /** PHP GatewayClient's connect timeout. */
    public static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    /** PHP GatewayClient's reply timeout. */
    public static final int REPLY_TIMEOUT_SECONDS = 5;

    private final EventLoopGroup group;
    private final String secretKey;
    private final int maxReplyLength;

    public InnerRequests(EventLoopGroup group, String secretKey, int maxReplyLength) {
        this.group = group;
        this.secretKey = secretKey;
        this.maxReplyLength = maxReplyLength;
    }

    /** The cmd 202 frame a requester sends first when the cluster has a secret. */
    public static GatewayFrame authFrame(String secretKey) {
        PhpArray body = new PhpArray();
        body.put("secret_key", secretKey);
        byte[] json = PhpJson.encode(body).getBytes(StandardCharsets.UTF_8);
        return GatewayFrame.request(Command.GATEWAY_CLIENT_CONNECT, 0, GatewayFrame.FLAG_SCALAR, null, json);
    }

    /** Sends one request frame to {@code host:port} and completes with the reply's serialized bytes. */
    public CompletableFuture<byte[]> request(String address, GatewayFrame request) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        HostPort target;
        try {
            target = HostPort.parse(address);
        } catch (IllegalArgumentException e) {
            reply.completeExceptionally(e);
            return reply;
        }
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transports.socketChannel(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS));
                        ch.pipeline().addLast(new GatewayReplyDecoder(maxReplyLength), GatewayFrameEncoder.INSTANCE,
                                new ReplyHandler(reply, address));
                    }
                });
        ChannelFuture connect = b.connect(target.host(), target.port());
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                reply.completeExceptionally(new IOException("cannot connect to gateway " + address, f.cause()));
                return;
            }
            Channel ch = f.channel();
            if (!secretKey.isEmpty()) {
                ch.write(authFrame(secretKey));
            }
            ch.writeAndFlush(request).addListener(w -> {
                if (!w.isSuccess()) {
                    reply.completeExceptionally(new IOException("cannot write to gateway " + address, w.cause()));
                    ch.close();
                }
            });
        });
        reply.whenComplete((r, e) -> connect.channel().close());
        return reply;
    }

    private static final class ReplyHandler extends SimpleChannelInboundHandler<GatewayReply> {
        private final CompletableFuture<byte[]> reply;
        private final String address;

        ReplyHandler(CompletableFuture<byte[]> reply, String address) {
            this.reply = reply;
            this.address = address;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, GatewayReply msg) {
            reply.complete(msg.serialized());
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            reply.completeExceptionally(new IOException("gateway " + address + " closed the connection before replying"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            reply.completeExceptionally(new IOException("request to gateway " + address + " failed: " + cause, cause));
            ctx.close();
        }
    }
}
