package io.gwkit.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport for every event loop of the SDK, the compat-server nodes and the benches: the first of
 * {@link #ORDER} that loads here (Linux native transports), NIO elsewhere. {@code -Dgwkit.transport=epoll},
 * {@code io_uring} or {@code nio} forces one; a forced native transport that does not load falls back along the
 * same order (logged once). Native transports spend fewer CPU cycles per read and write than the JDK selector
 * (gw bench echo/broadcast, docs/BENCHMARKS.md "Transports") and wake a sleeping event loop through an eventfd,
 * which a blocking SDK round trip pays once per call (gw bench sdk). Channel classes are chosen by the group
 * they are registered on, so a caller's own NIO group keeps working.
 *
 * <p>The native jars are optional dependencies of the SDK: without {@code netty-transport-native-epoll} or
 * {@code netty-transport-native-io_uring} on the class path that transport is skipped. Only the nested
 * {@code Native} (epoll) and {@code Uring} classes name their classes, and each is loaded only once its classes are
 * known to be there, so their absence never raises {@code NoClassDefFoundError}.
 */
public final class Transports {

    /** The property that forces a transport: {@code epoll}, {@code io_uring} or {@code nio}. */
    public static final String PROPERTY = "gwkit.transport";

    /** The order tried when nothing is forced: the fastest measured first. */
    static final List<String> ORDER = List.of("io_uring", "epoll", "nio");

    /**
     * Netty's property for multishot accepts, read once when {@link IoUring} loads. A multishot accept that
     * fails (EMFILE: the process is out of descriptors) is re-armed at once whatever the channel's
     * {@code autoRead}, so a server at its descriptor limit would retry in a loop and burn a core; with single
     * accepts the compat-server's back-off ({@code AcceptBackoff}: autoRead off for a while) holds. The price is
     * one submission per accepted connection instead of one per burst of them. A value the user set is kept.
     */
    static final String IO_URING_ACCEPT_MULTISHOT = "io.netty.iouring.acceptMultiShotEnabled";

    private static final boolean EPOLL_CLASSES = classPresent("io.netty.channel.epoll.Epoll");
    private static final boolean URING_CLASSES = classPresent("io.netty.channel.uring.IoUring");
    private static final String CHOSEN = choose(System.getProperty(PROPERTY),
            EPOLL_CLASSES && Native.available(), URING_CLASSES && Uring.available());

    private Transports() {
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name, false, Transports.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /**
     * The transport to use: {@code forced} when it is available, else the first available of {@link #ORDER}.
     *
     * @param forced the property's value, null or blank for none
     * @param epoll  whether epoll loads
     * @param uring  whether io_uring loads
     * @return {@code epoll}, {@code io_uring} or {@code nio}
     */
    static String choose(String forced, boolean epoll, boolean uring) {
        String wanted = forced == null || forced.isBlank() ? null : forced.strip().toLowerCase(Locale.ROOT);
        if ("iouring".equals(wanted) || "uring".equals(wanted)) {
            wanted = "io_uring";
        }
        if (wanted != null && !ORDER.contains(wanted)) {
            LoggerFactory.getLogger(Transports.class).warn("-D{}={} is not one of {}; choosing automatically", PROPERTY,
                    forced, ORDER);
            wanted = null;
        }
        if (wanted != null && loads(wanted, epoll, uring)) {
            return wanted;
        }
        String chosen = ORDER.stream().filter(t -> loads(t, epoll, uring)).findFirst().orElseThrow();
        if (wanted != null) {
            LoggerFactory.getLogger(Transports.class).warn("-D{}={}: that transport does not load here; using {}", PROPERTY,
                    forced, chosen);
        }
        return chosen;
    }

    private static boolean loads(String transport, boolean epoll, boolean uring) {
        return switch (transport) {
            case "epoll" -> epoll;
            case "io_uring" -> uring;
            default -> true;
        };
    }

    /**
     * The transport new groups use.
     *
     * @return {@code epoll}, {@code io_uring} or {@code nio}
     */
    public static String name() {
        return CHOSEN;
    }

    /** True when new groups are epoll groups. */
    public static boolean epoll() {
        return "epoll".equals(CHOSEN);
    }

    /**
     * A new event-loop group; {@code threads} 0 means Netty's default (2 × cores).
     *
     * @param threads       number of event loops
     * @param threadFactory creates their threads
     * @return a group of the chosen transport ({@link #name()})
     */
    public static EventLoopGroup group(int threads, ThreadFactory threadFactory) {
        return switch (CHOSEN) {
            case "epoll" -> Native.group(threads, threadFactory);
            case "io_uring" -> Uring.group(threads, threadFactory);
            default -> threadFactory == null ? new NioEventLoopGroup(threads) : new NioEventLoopGroup(threads, threadFactory);
        };
    }

    /**
     * A new event-loop group, NIO when {@code preferNative} is false (the SDK's
     * {@code GatewayClient.Builder.nativeTransport(false)}).
     *
     * @param threads       number of event loops
     * @param threadFactory creates their threads
     * @param preferNative  whether a native transport may be used where it loads
     * @return the group
     */
    public static EventLoopGroup group(int threads, ThreadFactory threadFactory, boolean preferNative) {
        return preferNative ? group(threads, threadFactory) : new NioEventLoopGroup(threads, threadFactory);
    }

    /**
     * A new event-loop group with Netty's thread names; {@code threads} 0 means Netty's default.
     *
     * @param threads number of event loops
     * @return a group of the chosen transport ({@link #name()})
     */
    public static EventLoopGroup group(int threads) {
        return group(threads, null);
    }

    /**
     * The server channel class for {@code group}.
     *
     * @param group the group the channel will be registered on
     * @return the native class for a native group, else the NIO class
     */
    public static Class<? extends ServerChannel> serverChannel(EventLoopGroup group) {
        if (EPOLL_CLASSES && Native.isEpoll(group)) {
            return Native.serverChannel();
        }
        return URING_CLASSES && Uring.isUring(group) ? Uring.serverChannel() : NioServerSocketChannel.class;
    }

    /**
     * The client channel class for {@code group}.
     *
     * @param group the group the channel will be registered on
     * @return the native class for a native group, else the NIO class
     */
    public static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        if (EPOLL_CLASSES && Native.isEpoll(group)) {
            return Native.socketChannel();
        }
        return URING_CLASSES && Uring.isUring(group) ? Uring.socketChannel() : NioSocketChannel.class;
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

    /** Every reference to an io_uring class: loaded only when those classes are on the class path. */
    private static final class Uring {

        static boolean available() {
            if (System.getProperty(IO_URING_ACCEPT_MULTISHOT) == null) {
                System.setProperty(IO_URING_ACCEPT_MULTISHOT, "false");
            }
            return IoUring.isAvailable();
        }

        static EventLoopGroup group(int threads, ThreadFactory threadFactory) {
            return threadFactory == null ? new MultiThreadIoEventLoopGroup(threads, IoUringIoHandler.newFactory())
                    : new MultiThreadIoEventLoopGroup(threads, threadFactory, IoUringIoHandler.newFactory());
        }

        static boolean isUring(EventLoopGroup group) {
            return group instanceof IoEventLoopGroup g && g.isIoType(IoUringIoHandler.class);
        }

        static Class<? extends ServerChannel> serverChannel() {
            return IoUringServerSocketChannel.class;
        }

        static Class<? extends SocketChannel> socketChannel() {
            return IoUringSocketChannel.class;
        }
    }
}
