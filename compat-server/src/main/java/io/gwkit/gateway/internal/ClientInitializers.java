package io.gwkit.gateway.internal;

import io.gwkit.gateway.ClientProtocol;
import io.gwkit.gateway.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The pipeline of every client connection: optional TLS, the listener's {@link ClientProtocol} (a stock framer with
 * the listener's size limit and the protocol's encoder), for a custom protocol the {@link Messages} adapter, and the
 * {@link ClientHandler} on the channel's own loop, its shard's.
 */
public final class ClientInitializers {

    private ClientInitializers() {
    }

    /**
     * @param shards the gateway's shards: an accepted channel belongs to the shard whose loop it was registered on
     *               (initChannel runs there), so its client handler needs no hand-off to another thread
     */
    public static ChannelInitializer<SocketChannel> forListener(Listener listener, Supplier<SslContext> ssl,
            List<Shard> shards, ChannelGroup all) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                all.add(ch);
                GatewayCore core = shardCore(shards);
                ChannelPipeline p = ch.pipeline();
                SslContext context = ssl.get();
                if (context != null) {
                    p.addLast("tls", context.newHandler(ch.alloc()));
                }
                ClientProtocol protocol = listener.protocol();
                if (protocol == Listener.Protocol.WEBSOCKET) {
                    WebSocket.framing(p, listener.maxPackageSize(), core.settings.serverHeader(),
                            core.settings.websocketHandshakeTimeout(), new WebSocketHandshakeHandler.HookSettings(
                                    core.settings.hooks(), core.settings.hookTimeout(), listener, core.stats,
                                    !core.settings.captureCompatibleHandshakeData()));
                } else {
                    protocol.initChannel(p, listener.maxPackageSize());
                }
                if (!(protocol instanceof Listener.Protocol)) {
                    p.addLast("messages", Messages.INSTANCE);
                }
                p.addLast("client", new ClientHandler(core, listener));
            }
        };
    }

    /** The core of the shard whose loop runs the caller. */
    private static GatewayCore shardCore(List<Shard> shards) {
        for (Shard shard : shards) {
            if (shard.loop().inEventLoop()) {
                return shard.core();
            }
        }
        throw new IllegalStateException("client channel not on a shard's event loop");
    }

    /** The built-in protocols' framing ({@link Listener.Protocol#initChannel}). */
    public static void builtIn(Listener.Protocol protocol, ChannelPipeline p, int maxPackageSize) {
        switch (protocol) {
            case TEXT:
                p.addLast("lines", new ClientDecoders.TextLines(maxPackageSize))
                        .addLast("encoder", ClientEncoders.Text.INSTANCE);
                break;
            case FRAME:
                p.addLast("frames", new LengthFieldBasedFrameDecoder(maxPackageSize, 0, 4, -4, 4, true))
                        .addLast("bytes", ClientDecoders.ToBytes.INSTANCE)
                        .addLast("encoder", ClientEncoders.Frame.INSTANCE);
                break;
            case TCP:
                p.addLast("bytes", ClientDecoders.ToBytes.INSTANCE)
                        .addLast("encoder", ClientEncoders.Tcp.INSTANCE);
                break;
            case WEBSOCKET:
                WebSocket.framing(p, maxPackageSize, "workerman/4.0.19", Duration.ofSeconds(10));
                break;
            default:
                throw new IllegalArgumentException("no framing for " + protocol);
        }
    }

    /**
     * Between a custom protocol's handlers and the gateway: inbound {@code ByteBuf} messages to {@code byte[]};
     * outbound, a message's payload as {@code byte[]} for the protocol's encoder, a raw one (already framed by its
     * sender) as a {@code ByteBuf} that the encoder lets through.
     */
    @Sharable
    static final class Messages extends ChannelDuplexHandler {
        static final Messages INSTANCE = new Messages();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                try {
                    ctx.fireChannelRead(ByteBufUtil.getBytes(buf));
                } finally {
                    buf.release();
                }
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof OutboundMessage m) {
                ctx.write(m.raw() ? Unpooled.wrappedBuffer(m.payload()) : m.payload(), promise);
            } else {
                ctx.write(msg, promise);
            }
        }
    }

    static final class WebSocket {
        private WebSocket() {
        }

        /** The websocket listener's I/O-thread handlers without hooks (what the websocket fuzz target drives). */
        static void framing(ChannelPipeline p, int maxPackageSize, String serverHeader, Duration handshakeTimeout) {
            framing(p, maxPackageSize, serverHeader, handshakeTimeout, WebSocketHandshakeHandler.HookSettings.NONE);
        }

        static void framing(ChannelPipeline p, int maxPackageSize, String serverHeader, Duration handshakeTimeout,
                WebSocketHandshakeHandler.HookSettings hooks) {
            p.addLast("http", new HttpRequestDecoder(8192, 16 * 1024, 8192))
                    .addLast("handshake", new WebSocketHandshakeHandler(maxPackageSize, serverHeader,
                            handshakeTimeout, hooks))
                    .addLast("encoder", ClientEncoders.WebSocket.INSTANCE);
        }
    }
}
