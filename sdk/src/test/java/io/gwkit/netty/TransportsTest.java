package io.gwkit.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.Test;

class TransportsTest {

    @Test
    void nioWhenNativeIsNotWanted() {
        EventLoopGroup g = Transports.group(1, new DefaultThreadFactory("t", true), false);
        try {
            assertInstanceOf(NioEventLoopGroup.class, g);
            assertEquals(NioSocketChannel.class, Transports.socketChannel(g));
        } finally {
            g.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void epollWhereItLoadsElseNio() {
        EventLoopGroup g = Transports.group(1, new DefaultThreadFactory("t", true), true);
        try {
            if (Epoll.isAvailable()) {
                assertInstanceOf(EpollEventLoopGroup.class, g);
                assertEquals(EpollSocketChannel.class, Transports.socketChannel(g));
            } else {
                assertInstanceOf(NioEventLoopGroup.class, g);
            }
        } finally {
            g.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
