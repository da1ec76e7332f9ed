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
 *
 * <p>The epoll jars are optional dependencies of the SDK: without {@code netty-transport-native-epoll} on the
 * class path everything is NIO. Only the nested {@code Native} class names epoll classes, and it is loaded only
 * once they are known to be there, so their absence never raises {@code NoClassDefFoundError}.
 */
public final class Transports {

    private static final boolean EPOLL_CLASSES = epollClassesPresent();
    private static final boolean EPOLL = EPOLL_CLASSES
            && !"nio".equalsIgnoreCase(System.getProperty("gwkit.transport")) && Native.available();

    private Transports() {
    }

    private static boolean epollClassesPresent() {
        try {
            Class.forName("io.netty.channel.epoll.Epoll", false, Transports.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /** True when new groups are epoll groups. */
    public static boolean epoll() {
        return EPOLL;
    }

    /**
     * A new event-loop group; {@code threads} 0 means Netty's default (2 × cores).
     *
     * @param threads       number of event loops
     * @param threadFactory creates their threads
     * @return an epoll group where epoll loads, else a NIO group
     */
    public static EventLoopGroup group(int threads, ThreadFactory threadFactory) {
        return EPOLL ? Native.group(threads, threadFactory) : new NioEventLoopGroup(threads, threadFactory);
    }

    /**
     * A new event-loop group, NIO when {@code preferNative} is false (the SDK's
     * {@code GatewayClient.Builder.nativeTransport(false)}).
     *
     * @param threads       number of event loops
     * @param threadFactory creates their threads
     * @param preferNative  whether epoll may be used where it loads
     * @return the group
     */
    public static EventLoopGroup group(int threads, ThreadFactory threadFactory, boolean preferNative) {
        return preferNative ? group(threads, threadFactory) : new NioEventLoopGroup(threads, threadFactory);
    }

    /**
     * A new event-loop group with Netty's thread names; {@code threads} 0 means Netty's default.
     *
     * @param threads number of event loops
     * @return an epoll group where epoll loads, else a NIO group
     */
    public static EventLoopGroup group(int threads) {
        return EPOLL ? Native.group(threads, null) : new NioEventLoopGroup(threads);
    }

    /**
     * The server channel class for {@code group}.
     *
     * @param group the group the channel will be registered on
     * @return the epoll class for an epoll group, else the NIO class
     */
    public static Class<? extends ServerChannel> serverChannel(EventLoopGroup group) {
        return EPOLL_CLASSES && Native.isEpoll(group) ? Native.serverChannel() : NioServerSocketChannel.class;
    }

    /**
     * The client channel class for {@code group}.
     *
     * @param group the group the channel will be registered on
     * @return the epoll class for an epoll group, else the NIO class
     */
    public static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        return EPOLL_CLASSES && Native.isEpoll(group) ? Native.socketChannel() : NioSocketChannel.class;
    }

    /** Every reference to an epoll class: loaded only when those classes are on the class path. */
    private static final class Native {

        static boolean available() {
            return Epoll.isAvailable();
        }

        static EventLoopGroup group(int threads, ThreadFactory threadFactory) {
            return threadFactory == null ? new EpollEventLoopGroup(threads) : new EpollEventLoopGroup(threads, threadFactory);
        }

        static boolean isEpoll(EventLoopGroup group) {
            return group instanceof EpollEventLoopGroup;
        }

        static Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }

        static Class<? extends SocketChannel> socketChannel() {
            return EpollSocketChannel.class;
        }
    }
}
