package io.gwkit.client;

import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gateway inner port for tests: records every frame it receives (raw bytes, with the connection it
 * came on) and answers request frames through a {@link Responder}.
 */
final class FakeGateway implements AutoCloseable {

    /** What to do with one received frame. */
    sealed interface Action {
        record Reply(byte[] wire) implements Action {
        }

        record Nothing() implements Action {
        }

        record Close() implements Action {
        }
    }

    @FunctionalInterface
    interface Responder {
        Action respond(GatewayFrame frame);
    }

    record Received(int connection, byte[] bytes) {
        GatewayFrame frame() {
            return GatewayFrameCodec.decode(bytes, GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH);
        }

        String hex() {
            return ByteBufUtil.hexDump(bytes);
        }
    }

    static final Action NOTHING = new Action.Nothing();
    static final Action CLOSE = new Action.Close();

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Channel server;
    private volatile Responder responder;

    FakeGateway(Responder responder) throws InterruptedException {
        this.responder = responder;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        int index = connections.incrementAndGet();
                        children.add(ch);
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(64 << 20, 0, 4, -4, 0),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                        byte[] bytes = ByteBufUtil.getBytes(msg);
                                        Received r = new Received(index, bytes);
                                        synchronized (received) {
                                            received.add(r);
                                            received.notifyAll();
                                        }
                                        Action a = FakeGateway.this.responder.respond(r.frame());
                                        if (a instanceof Action.Reply) {
                                            ctx.writeAndFlush(Unpooled.wrappedBuffer(((Action.Reply) a).wire()));
                                        } else if (a instanceof Action.Close) {
                                            ctx.close();
                                        }
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** A reply on the wire: u32 length + serialized bytes. */
    static Action reply(String serialized) {
        byte[] s = serialized.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuf b = Unpooled.buffer(4 + s.length).writeInt(s.length).writeBytes(s);
        return new Action.Reply(ByteBufUtil.getBytes(b));
    }

    void responder(Responder r) {
        this.responder = r;
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    int connections() {
        return connections.get();
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits (generously) until at least {@code n} frames have arrived; returns all received so far. */
    List<Received> awaitFrames(int n) throws InterruptedException {
        return Await.atLeast(received, () -> received, n, "frames");
    }

    /** Forgets everything received and counts connections from 0 again. */
    void reset() {
        synchronized (received) {
            received.clear();
        }
        connections.set(0);
    }

    /** Drops every client connection (the gateway keeps listening). */
    void dropConnections() {
        children.close().awaitUninterruptibly();
    }

    @Override
    public void close() {
        children.close().awaitUninterruptibly();
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
