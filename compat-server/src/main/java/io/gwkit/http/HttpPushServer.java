package io.gwkit.http;

import io.gwkit.client.GatewayClient;
import io.gwkit.http.internal.PushApiHandler;
import io.gwkit.server.internal.AcceptBackoff;
import io.gwkit.server.internal.Binds;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The HTTP push API: every GatewayClient method as {@code POST /v1/<phpMethod>} with a JSON object of named
 * arguments (PHP parameter names), answering the result as PHP's {@code json_encode} prints it;
 * {@code GET /v1/health}. See docs/HTTP.md for the request and error shapes.
 *
 * <p>All requests share the one {@link GatewayClient} given to the builder (its pooled connections); the
 * server does not close it.
 */
public final class HttpPushServer implements AutoCloseable {

    /** Default limit of a request body; larger ones get 413. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    /** A connection without reads or writes for this long is closed. */
    private static final int IDLE_SECONDS = 120;

    private final String host;
    private final int port;
    private final PushApiHandler handler;
    private final int maxBodyBytes;
    private EventLoopGroup group;
    private Channel serverChannel;
    /** Open HTTP connections: shutting the event loop down does not close them (Netty 4.2 NIO). */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private HttpPushServer(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.maxBodyBytes = b.maxBodyBytes;
        this.handler = new PushApiHandler(Objects.requireNonNull(b.client, "client"), b.token);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the listener; returns the bound address (port 0 gives an ephemeral port). */
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        group = new NioEventLoopGroup(1);
        ServerBootstrap bootstrap = AcceptBackoff.install(new ServerBootstrap(), "http push " + host + ":" + port)
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new HttpObjectAggregator(maxBodyBytes))
                                .addLast(handler);
                    }
                });
        try {
            serverChannel = Binds.bind(bootstrap, host, port, "the HTTP push API");
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops listening and closes open HTTP connections (not the GatewayClient). */
    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        connections.close().awaitUninterruptibly();
        if (group != null) {
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private GatewayClient client;
        private String token;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

        private Builder() {
        }

        public Builder listen(String host, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /** The shared client every request goes through; the server does not close it. */
        public Builder client(GatewayClient client) {
            this.client = client;
            return this;
        }

        /** Requires {@code Authorization: Bearer <token>} on API calls; null or empty: no authentication. */
        public Builder token(String token) {
            this.token = token == null || token.isEmpty() ? null : token;
            return this;
        }

        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive: " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        public HttpPushServer build() {
            return new HttpPushServer(this);
        }
    }
}
