package io.gwkit.bench;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameDecoder;
import io.gwkit.protocol.GatewayReply;
import io.gwkit.protocol.GatewayReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A minimal in-process cluster for benchmarking the client side alone: a register that lists one gateway,
 * and a gateway inner port that decodes every frame, answers every request command with "nobody"
 * ({@code i:0;}, {@code a:0:{}}, {@code N;}) and drops everything else.
 */
public final class SinkCluster implements AutoCloseable {

    private static final GatewayReply ZERO = GatewayReply.of(0L);
    private static final GatewayReply EMPTY = GatewayReply.of(new io.gwkit.php.PhpArray());
    private static final GatewayReply NULL = GatewayReply.of(null);

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel gateway;
    private final Channel register;

    public SinkCluster() throws InterruptedException {
        gateway = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new GatewayFrameDecoder(), GatewayReplyEncoder.INSTANCE,
                                new SimpleChannelInboundHandler<GatewayFrame>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, GatewayFrame f) {
                                        Command c = f.command();
                                        if (c == Command.IS_ONLINE || c == Command.GET_CLIENT_COUNT_BY_GROUP) {
                                            ctx.write(ZERO);
                                        } else if (c == Command.GET_SESSION_BY_CLIENT_ID) {
                                            ctx.write(NULL);
                                        } else if (c != null && c.hasReply()) {
                                            ctx.write(EMPTY);
                                        }
                                    }

                                    @Override
                                    public void channelReadComplete(ChannelHandlerContext ctx) {
                                        ctx.flush();
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        String inner = "127.0.0.1:" + ((InetSocketAddress) gateway.localAddress()).getPort();
        String line = "{\"event\":\"broadcast_addresses\",\"addresses\":[\"" + inner + "\"]}\n";
        register = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(1 << 16),
                                new SimpleChannelInboundHandler<Object>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                        ctx.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8));
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    public String registerAddress() {
        return "127.0.0.1:" + ((InetSocketAddress) register.localAddress()).getPort();
    }

    @Override
    public void close() {
        gateway.close().awaitUninterruptibly();
        register.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
