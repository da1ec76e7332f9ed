package io.gwkit.client.internal;

import io.gwkit.protocol.GatewayRequests;
import io.gwkit.netty.Transports;
import io.gwkit.client.GatewayTimeoutException;
import io.gwkit.client.GatewayUnavailableException;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.protocol.GatewayReplyDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Persistent connections per pool key (the caller's key names the gateway, the address dialed and the
 * secret key): a fixed number of slots per key, filled lazily and refilled when a connection dies
 * (reconnect on next use). Shared by every client derived with {@code newBuilder()}.
 */
final class ConnectionPool {

    private static final class Slots {
        final AtomicReferenceArray<CompletableFuture<GatewayConnection>> connections;
        final AtomicInteger next = new AtomicInteger();

        Slots(int size) {
            connections = new AtomicReferenceArray<>(size);
        }
    }

    /** Gateways (pool keys) with pooled connections, at most; a cluster has a handful to a few hundred. */
    static final int MAX_GATEWAYS = 1024;

    private final EventLoopGroup group;
    private final int maxGateways;
    private final Map<String, Slots> slotsByKey = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ConnectionPool(EventLoopGroup group) {
        this(group, MAX_GATEWAYS);
    }

    ConnectionPool(EventLoopGroup group, int maxGateways) {
        this.group = group;
        this.maxGateways = maxGateways;
    }

    EventLoopGroup group() {
        return group;
    }

    /** A pooled connection to {@code address}; connects when the slot is empty or its connection died. */
    CompletableFuture<GatewayConnection> acquire(String poolKey, String address, InetSocketAddress dial,
            String secretKey, int size,
                                                 int connectTimeoutMillis, int maxReplyLength) {
        Slots slots = slotsByKey.get(poolKey);
        if (slots == null) {
            if (slotsByKey.size() >= maxGateways && !evictDead()) {
                return CompletableFuture.failedFuture(new GatewayUnavailableException(null, address,
                        "connection pool full: " + maxGateways + " gateways have live pooled connections; not "
                                + "connecting to another", null));
            }
            slots = slotsByKey.computeIfAbsent(poolKey, k -> new Slots(size));
        }
        int i = size == 1 ? 0 : Math.floorMod(slots.next.getAndIncrement(), size);
        CompletableFuture<GatewayConnection> c = slots.connections.get(i);
        if (c != null && (!c.isDone() || (!c.isCompletedExceptionally() && c.join().isUsable()))) {
            return c; // the common case: a live or connecting connection, no lock
        }
        synchronized (slots) {
            c = slots.connections.get(i);
            if (c == null || c.isCompletedExceptionally() || (c.isDone() && !c.join().isUsable())) {
                c = connect(address, dial, secretKey, connectTimeoutMillis, maxReplyLength);
                slots.connections.set(i, c);
            }
            return c;
        }
    }

    /** Forgets the gateways none of whose pooled connections is alive (gateways gone); whether any was. */
    private boolean evictDead() {
        boolean evicted = false;
        for (Map.Entry<String, Slots> e : slotsByKey.entrySet()) {
            if (!alive(e.getValue()) && slotsByKey.remove(e.getKey(), e.getValue())) {
                evicted = true;
            }
        }
        return evicted;
    }

    private static boolean alive(Slots slots) {
        for (int i = 0; i < slots.connections.length(); i++) {
            CompletableFuture<GatewayConnection> c = slots.connections.get(i);
            if (c != null && (!c.isDone() || (!c.isCompletedExceptionally() && c.join().isUsable()))) {
                return true;
            }
        }
        return false;
    }

    /** Gateways with pooled connections now (at most {@link #MAX_GATEWAYS}). */
    int gatewayCount() {
        return slotsByKey.size();
    }

    /** A new, unpooled connection; the auth frame (cmd 202) goes first when a secret is set. */
    CompletableFuture<GatewayConnection> connect(String address, InetSocketAddress dial, String secretKey,
                                                 int connectTimeoutMillis, int maxReplyLength) {
        CompletableFuture<GatewayConnection> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IllegalStateException("GatewayClient is closed"));
            return result;
        }
        GatewayConnection[] created = new GatewayConnection[1];
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transports.socketChannel(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        created[0] = new GatewayConnection(address, ch);
                        ch.pipeline().addLast(new GatewayReplyDecoder(maxReplyLength), created[0]);
                    }
                });
        try {
            b.connect(dial).addListener(f -> {
                if (f.isSuccess()) {
                    GatewayConnection connection = created[0];
                    if (!secretKey.isEmpty()) {
                        connection.send(encode(GatewayRequests.auth(secretKey)));
                    }
                    result.complete(connection);
                } else {
                    result.completeExceptionally(connectFailure(address, dial, f.cause(), connectTimeoutMillis));
                }
            });
        } catch (RuntimeException shutDown) {
            result.completeExceptionally(new IllegalStateException("GatewayClient is closed", shutDown));
        }
        return result;
    }

    static ByteBuf encode(io.gwkit.protocol.GatewayFrame frame) {
        ByteBuf buf = io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer((int) frame.packLength());
        GatewayFrameCodec.encode(frame, buf);
        return buf;
    }

    private static RuntimeException connectFailure(String address, InetSocketAddress dial, Throwable cause,
            int timeoutMillis) {
        String dialed = dial.getHostString() + ":" + dial.getPort();
        String where = "gateway " + address + (dialed.equals(address) ? "" : " (dialed " + dialed + ")");
        if (cause instanceof ConnectTimeoutException) {
            return new GatewayTimeoutException(null, address,
                    "connect to " + where + " timed out after " + timeoutMillis + " ms", cause);
        }
        return new GatewayUnavailableException(null, address,
                "cannot connect to " + where + ": " + cause.getMessage(), cause);
    }

    void closeAll() {
        closed = true;
        for (Slots slots : List.copyOf(slotsByKey.values())) {
            synchronized (slots) {
                for (int i = 0; i < slots.connections.length(); i++) {
                    CompletableFuture<GatewayConnection> c = slots.connections.get(i);
                    if (c != null) {
                        c.thenAccept(GatewayConnection::close);
                    }
                }
            }
        }
        slotsByKey.clear();
    }
}
