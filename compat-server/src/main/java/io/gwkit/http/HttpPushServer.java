package io.gwkit.http;

import io.gwkit.client.GatewayClient;
import io.gwkit.http.internal.PushApiHandler;
import io.gwkit.http.internal.RequestGate;
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
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The HTTP push API: every GatewayClient method as {@code POST /v1/<phpMethod>} with a JSON object of named
 * arguments (PHP parameter names), answering the result as PHP's {@code json_encode} prints it;
 * {@code GET /v1/health}. See docs/HTTP.md for the request and error shapes.
 *
 * <p>All requests share the one {@link GatewayClient} given to the builder (its pooled connections); the
 * server does not close it.
 *
 * <p>Secure by default: a bearer token is required (build() refuses without one); a request's head (Host, token,
 * method, {@code Content-Type: application/json}) is checked before its body is read; the {@code Host} must be an
 * IP address, {@code localhost} or an allowed name (no DNS rebinding); no CORS headers; errors do not name the
 * cluster's internal addresses; pipelined requests are answered in order, at most
 * {@value io.gwkit.http.internal.PushApiHandler#MAX_PIPELINED} waiting per connection.
 */
public final class HttpPushServer implements AutoCloseable {

    /** Default limit of a request body; larger ones get 413. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    /** A connection without reads or writes for this long is closed. */
    private static final int IDLE_SECONDS = 120;

    private final String host;
    private final int port;
    private final GatewayClient client;
    private final String token;
    private final Set<String> allowedHosts;
    private final int maxBodyBytes;
    private EventLoopGroup group;
    private Channel serverChannel;
    /** Open HTTP connections: shutting the event loop down does not close them (Netty 4.2 NIO). */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private HttpPushServer(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.maxBodyBytes = b.maxBodyBytes;
        this.client = Objects.requireNonNull(b.client, "client");
        this.token = b.token;
        this.allowedHosts = Set.copyOf(b.allowedHosts);
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
                                .addLast(new RequestGate(token, allowedHosts))
                                .addLast(new HttpObjectAggregator(maxBodyBytes))
                                .addLast(new PushApiHandler(client));
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
        private Set<String> allowedHosts = Set.of();
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

        /** The token every API call must carry as {@code Authorization: Bearer <token>} (required). */
        public Builder token(String token) {
            this.token = token == null || token.isEmpty() ? null : token;
            return this;
        }

        /**
         * Host names (without port) accepted in the {@code Host} header besides IP addresses and {@code localhost},
         * e.g. the name a reverse proxy forwards; any other name is refused with 403 (DNS rebinding).
         */
        public Builder allowedHosts(Collection<String> hosts) {
            this.allowedHosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            return this;
        }

        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive: " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** @throws IllegalStateException no token */
        public HttpPushServer build() {
            if (token == null) {
                throw new IllegalStateException("the HTTP push API needs a token (--token or GW_HTTP_TOKEN): without "
                        + "one, anyone who reaches it could push to and read every session");
            }
            return new HttpPushServer(this);
        }
    }
}
