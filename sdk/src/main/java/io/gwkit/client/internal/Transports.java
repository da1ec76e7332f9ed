package io.gwkit.client.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's native epoll transport where it loads (Linux x86-64), NIO elsewhere: epoll needs fewer system
 * calls per request and wakes a sleeping event loop through an eventfd, which a blocking round trip pays
 * once per call.
 */
final class Transports {

    private static final Logger log = LoggerFactory.getLogger(Transports.class);

    private Transports() {
    }

    static EventLoopGroup group(int threads, ThreadFactory threadFactory, boolean preferNative) {
        if (preferNative && Epoll.isAvailable()) {
            return new EpollEventLoopGroup(threads, threadFactory);
        }
        if (preferNative) {
            log.debug("native epoll transport unavailable, using NIO: {}", Epoll.unavailabilityCause().toString());
        }
        return new NioEventLoopGroup(threads, threadFactory);
    }

    /** The socket channel type that runs on {@code group}. */
    static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
