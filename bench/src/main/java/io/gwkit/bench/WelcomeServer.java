package io.gwkit.bench;

import io.gwkit.netty.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for a cluster's text gateway that only greets: each connection gets the demo app's welcome line
 * and nothing else (what it sends is discarded). A load generator warms its connect path on it, so that a
 * timed run measures the server and not the generator's JIT.
 */
final class WelcomeServer implements AutoCloseable {

    private final EventLoopGroup group = Transports.group(1);
    private final Channel listener;

    private WelcomeServer() throws InterruptedException {
        AtomicLong ids = new AtomicLong();
        listener = new ServerBootstrap().group(group).channel(Transports.serverChannel(group))
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        String line = "{\"type\":\"welcome\",\"client_id\":\"" + ids.incrementAndGet() + "\"}\n";
                        ctx.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII));
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }

                    @Override
                    public boolean isSharable() {
                        return true;
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    /** Listens on a free loopback port. */
    static WelcomeServer start() throws InterruptedException {
        return new WelcomeServer();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
