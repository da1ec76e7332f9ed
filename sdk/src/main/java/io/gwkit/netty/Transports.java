package io.gwkit.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * Netty's native epoll transport where it loads (Linux), NIO elsewhere or with {@code -Dgwkit.transport=nio}.
 * Epoll spends fewer CPU cycles per read and write than the JDK selector (gw bench echo/broadcast) and wakes a
 * sleeping event loop through an eventfd, which a blocking SDK round trip pays once per call (gw bench sdk).
 * Shared by the SDK, the compat-server nodes and the benches. Channel
 * classes are chosen by the group they are registered on, so a caller's own NIO group keeps working.
 */
public final class Transports {

    private static final boolean EPOLL = !"nio".equalsIgnoreCase(System.getProperty("gwkit.transport"))
            && Epoll.isAvailable();

    private Transports() {
    }

    /** True when new groups are epoll groups. */
    public static boolean epoll() {
        return EPOLL;
    }

    /** A new event-loop group; {@code threads} 0 means Netty's default (2 × cores). */
    public static EventLoopGroup group(int threads, ThreadFactory threadFactory) {
        return EPOLL ? new EpollEventLoopGroup(threads, threadFactory) : new NioEventLoopGroup(threads, threadFactory);
    }

    /**
     * A new event-loop group, NIO when {@code preferNative} is false (the SDK's
     * {@code GatewayClient.Builder.nativeTransport(false)}).
     */
    public static EventLoopGroup group(int threads, ThreadFactory threadFactory, boolean preferNative) {
        return preferNative ? group(threads, threadFactory) : new NioEventLoopGroup(threads, threadFactory);
    }

    /** A new event-loop group with Netty's thread names; {@code threads} 0 means Netty's default. */
    public static EventLoopGroup group(int threads) {
        return EPOLL ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    public static Class<? extends ServerChannel> serverChannel(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
