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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("socket")
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

    /**
     * The epoll jars are optional for SDK users: with their classes absent, Transports gives NIO and never
     * raises NoClassDefFoundError. Transports runs in a class loader that hides io.netty.channel.epoll.
     */
    @Test
    void nioWithoutTheEpollJars() throws Exception {
        ClassLoader parent = TransportsTest.class.getClassLoader();
        ClassLoader withoutEpoll = new ClassLoader(parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (name.startsWith("io.netty.channel.epoll.")) {
                        throw new ClassNotFoundException(name + " (hidden by the test)");
                    }
                    if (!name.startsWith("io.gwkit.netty.Transports")) {
                        return super.loadClass(name, resolve);
                    }
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        try (java.io.InputStream in = parent.getResourceAsStream(name.replace('.', '/') + ".class")) {
                            byte[] b = in.readAllBytes();
                            c = defineClass(name, b, 0, b.length);
                        } catch (java.io.IOException e) {
                            throw new ClassNotFoundException(name, e);
                        }
                    }
                    return c;
                }
            }
        };
        Class<?> transports = withoutEpoll.loadClass("io.gwkit.netty.Transports");
        assertEquals(false, transports.getMethod("epoll").invoke(null));
        EventLoopGroup g = (EventLoopGroup) transports.getMethod("group", int.class).invoke(null, 1);
        try {
            assertInstanceOf(NioEventLoopGroup.class, g);
            assertEquals(NioSocketChannel.class, transports.getMethod("socketChannel", EventLoopGroup.class).invoke(null, g));
            assertEquals(io.netty.channel.socket.nio.NioServerSocketChannel.class,
                    transports.getMethod("serverChannel", EventLoopGroup.class).invoke(null, g));
        } finally {
            g.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
