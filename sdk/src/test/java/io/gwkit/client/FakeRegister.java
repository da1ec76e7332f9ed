package io.gwkit.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A register for tests: records each line received and answers with a configurable line (null: silence). */
final class FakeRegister implements AutoCloseable {

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<String> lines = new ArrayList<>();
    private final Channel server;
    private volatile String answer;

    FakeRegister(String answer) throws InterruptedException {
        this.answer = answer;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        children.add(ch);
                        ch.pipeline().addLast(new LineBasedFrameDecoder(1 << 20, false, true),
                                new SimpleChannelInboundHandler<io.netty.buffer.ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx,
                                            io.netty.buffer.ByteBuf msg) {
                                        synchronized (lines) {
                                            lines.add(msg.toString(StandardCharsets.UTF_8));
                                            lines.notifyAll();
                                        }
                                        String a = FakeRegister.this.answer;
                                        if (a != null) {
                                            ctx.writeAndFlush(Unpooled.copiedBuffer(a, StandardCharsets.UTF_8));
                                        }
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** The broadcast_addresses line (with its newline) for these addresses. */
    static String broadcast(String... addresses) {
        StringBuilder sb = new StringBuilder("{\"event\":\"broadcast_addresses\",\"addresses\":[");
        for (int i = 0; i < addresses.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(addresses[i]).append('"');
        }
        return sb.append("]}\n").toString();
    }

    void reset() {
        synchronized (lines) {
            lines.clear();
        }
    }

    void answer(String line) {
        this.answer = line;
    }

    /** Sends a line to every connected subscriber. */
    void push(String line) {
        children.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8)).awaitUninterruptibly();
    }

    int subscribers() {
        return children.size();
    }

    String address() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Lines received, each with its trailing newline. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    List<String> awaitLines(int n) throws InterruptedException {
        return Await.atLeast(lines, () -> lines, n, "register lines");
    }

    @Override
    public void close() {
        children.close().awaitUninterruptibly();
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
