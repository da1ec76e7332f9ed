package io.gwkit.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
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
    void aForcedTransportWinsWhereItLoadsElseTheOrderDecides() {
        assertEquals("nio", Transports.choose("nio", true, true));
        assertEquals("epoll", Transports.choose("epoll", true, true));
        assertEquals("io_uring", Transports.choose("io_uring", true, true));
        assertEquals("io_uring", Transports.choose(" IOURING ", true, true));
        assertEquals("io_uring", Transports.choose("epoll", false, true), "forced epoll absent: the next that loads");
        assertEquals("epoll", Transports.choose("io_uring", true, false), "forced io_uring absent: the next that loads");
        assertEquals("nio", Transports.choose("io_uring", false, false));
        assertEquals(Transports.ORDER.get(0), Transports.choose(null, true, true));
        assertEquals(Transports.ORDER.get(0), Transports.choose("", true, true));
        assertEquals(Transports.ORDER.get(0), Transports.choose("kqueue", true, true), "unknown: chosen automatically");
        assertEquals("io_uring", Transports.choose(null, false, true));
        assertEquals("epoll", Transports.choose(null, true, false));
        assertEquals("nio", Transports.choose(null, false, false));
    }

    /** io_uring groups get io_uring channels and carry a real connection (where the kernel allows io_uring). */
    @Test
    void ioUringGroupsGetIoUringChannels() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(IoUring.isAvailable(), () -> "io_uring does not load here: "
                + IoUring.unavailabilityCause());
        EventLoopGroup g = new io.netty.channel.MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("t", true),
                io.netty.channel.uring.IoUringIoHandler.newFactory());
        try {
            assertEquals(IoUringSocketChannel.class, Transports.socketChannel(g));
            assertEquals(IoUringServerSocketChannel.class, Transports.serverChannel(g));
            io.netty.channel.Channel server = new io.netty.bootstrap.ServerBootstrap().group(g)
                    .channel(Transports.serverChannel(g))
                    .childHandler(new io.netty.channel.ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                            ctx.writeAndFlush(msg);
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            try (java.net.Socket s = new java.net.Socket("127.0.0.1",
                    ((java.net.InetSocketAddress) server.localAddress()).getPort())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("ping\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertEquals("ping\n", new String(s.getInputStream().readNBytes(5), java.nio.charset.StandardCharsets.US_ASCII));
            } finally {
                server.close().sync();
            }
        } finally {
            g.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Multishot accepts re-arm past autoRead, so a server at its descriptor limit would spin (FdLimitTest). */
    @Test
    void ioUringAcceptsOneConnectionPerSubmission() {
        Transports.name();
        assertEquals("false", System.getProperty(Transports.IO_URING_ACCEPT_MULTISHOT));
    }

    @Test
    void theChosenTransportWhereNativeIsWanted() {
        EventLoopGroup g = Transports.group(1, new DefaultThreadFactory("t", true), true);
        try {
            Class<?> expected = switch (Transports.name()) {
                case "epoll" -> EpollSocketChannel.class;
                case "io_uring" -> IoUringSocketChannel.class;
                default -> NioSocketChannel.class;
            };
            assertEquals(expected, Transports.socketChannel(g));
            assertEquals(Transports.epoll(), g instanceof EpollEventLoopGroup);
            if (System.getProperty(Transports.PROPERTY) == null) {
                assertEquals(Transports.choose(null, Epoll.isAvailable(), IoUring.isAvailable()), Transports.name());
            }
        } finally {
            g.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * The native jars are optional for SDK users: with their classes absent, Transports gives NIO and never
     * raises NoClassDefFoundError. Transports runs in a class loader that hides io.netty.channel.epoll and .uring.
     */
    @Test
    void nioWithoutTheEpollJars() throws Exception {
        ClassLoader parent = TransportsTest.class.getClassLoader();
        ClassLoader withoutEpoll = new ClassLoader(parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (name.startsWith("io.netty.channel.epoll.") || name.startsWith("io.netty.channel.uring.")) {
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
