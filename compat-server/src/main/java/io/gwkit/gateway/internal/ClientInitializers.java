package io.gwkit.gateway.internal;

import io.gwkit.gateway.Listener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutorGroup;
import java.time.Duration;

/**
 * One {@link ChannelInitializer} per client protocol. Each stacks optional TLS, a stock framer with the
 * listener's size limit, a tiny adapter to {@code byte[]}, the protocol's encoder, and the shared
 * {@link ClientHandler} on the state executor.
 */
public final class ClientInitializers {

    private ClientInitializers() {
    }

    public static ChannelInitializer<SocketChannel> forListener(Listener listener, SslContext ssl, GatewayCore core,
                                                              EventExecutorGroup state, ChannelGroup all) {
        switch (listener.protocol()) {
            case TEXT:
                return new Text(listener, ssl, core, state, all);
            case FRAME:
                return new Frame(listener, ssl, core, state, all);
            case WEBSOCKET:
                return new WebSocket(listener, ssl, core, state, all);
            case TCP:
                return new Tcp(listener, ssl, core, state, all);
            default:
                throw new IllegalArgumentException("no initializer for " + listener.protocol());
        }
    }

    abstract static class Base extends ChannelInitializer<SocketChannel> {
        final Listener listener;
        final SslContext ssl;
        final GatewayCore core;
        final EventExecutorGroup state;
        final ChannelGroup all;

        Base(Listener listener, SslContext ssl, GatewayCore core, EventExecutorGroup state, ChannelGroup all) {
            this.all = all;
            this.listener = listener;
            this.ssl = ssl;
            this.core = core;
            this.state = state;
        }

        @Override
        protected final void initChannel(SocketChannel ch) {
            all.add(ch);
            ChannelPipeline p = ch.pipeline();
            if (ssl != null) {
                p.addLast("tls", ssl.newHandler(ch.alloc()));
            }
            framing(p);
            p.addLast(state, "client", new ClientHandler(core, listener));
        }

        abstract void framing(ChannelPipeline p);
    }

    static final class Text extends Base {
        Text(Listener l, SslContext s, GatewayCore c, EventExecutorGroup e, ChannelGroup a) {
            super(l, s, c, e, a);
        }

        @Override
        void framing(ChannelPipeline p) {
            p.addLast("lines", new ClientDecoders.TextLines(listener.maxPackageSize()))
                    .addLast("encoder", ClientEncoders.Text.INSTANCE);
        }
    }

    static final class Frame extends Base {
        Frame(Listener l, SslContext s, GatewayCore c, EventExecutorGroup e, ChannelGroup a) {
            super(l, s, c, e, a);
        }

        @Override
        void framing(ChannelPipeline p) {
            p.addLast("frames", new LengthFieldBasedFrameDecoder(listener.maxPackageSize(), 0, 4, -4, 4, true))
                    .addLast("bytes", ClientDecoders.ToBytes.INSTANCE)
                    .addLast("encoder", ClientEncoders.Frame.INSTANCE);
        }
    }

    static final class Tcp extends Base {
        Tcp(Listener l, SslContext s, GatewayCore c, EventExecutorGroup e, ChannelGroup a) {
            super(l, s, c, e, a);
        }

        @Override
        void framing(ChannelPipeline p) {
            p.addLast("bytes", ClientDecoders.ToBytes.INSTANCE)
                    .addLast("encoder", ClientEncoders.Tcp.INSTANCE);
        }
    }

    static final class WebSocket extends Base {
        WebSocket(Listener l, SslContext s, GatewayCore c, EventExecutorGroup e, ChannelGroup a) {
            super(l, s, c, e, a);
        }

        @Override
        void framing(ChannelPipeline p) {
            framing(p, listener.maxPackageSize(), core.settings.serverHeader(),
                    core.settings.websocketHandshakeTimeout());
        }

        /** The websocket listener's I/O-thread handlers (also what the websocket fuzz target drives). */
        static void framing(ChannelPipeline p, int maxPackageSize, String serverHeader, Duration handshakeTimeout) {
            p.addLast("http", new HttpRequestDecoder(8192, 16 * 1024, 8192))
                    .addLast("handshake", new WebSocketHandshakeHandler(maxPackageSize, serverHeader,
                            handshakeTimeout))
                    .addLast("encoder", ClientEncoders.WebSocket.INSTANCE);
        }
    }
}
