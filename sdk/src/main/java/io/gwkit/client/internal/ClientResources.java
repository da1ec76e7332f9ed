package io.gwkit.client.internal;

import io.gwkit.netty.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The expensive, shareable part of a client: the event loop threads and the connection pool. Clients
 * derived with {@code newBuilder()} share one instance; the last one closed shuts it down.
 */
public final class ClientResources {

    private final EventLoopGroup group;
    private final ConnectionPool pool;
    private final AtomicInteger users = new AtomicInteger(1);

    private ClientResources(int ioThreads, boolean nativeTransport) {
        this.group = Transports.group(ioThreads, new DefaultThreadFactory("gwkit-client", true), nativeTransport);
        this.pool = new ConnectionPool(group);
    }

    /** {@code nativeTransport}: Netty's epoll transport where it loads (else NIO); false: always NIO. */
    public static ClientResources create(int ioThreads, boolean nativeTransport) {
        return new ClientResources(ioThreads, nativeTransport);
    }

    EventLoopGroup group() {
        return group;
    }

    ConnectionPool pool() {
        return pool;
    }

    /** One more client shares these resources. */
    public ClientResources retain() {
        if (users.getAndIncrement() <= 0) {
            users.decrementAndGet();
            throw new IllegalStateException("GatewayClient is closed");
        }
        return this;
    }

    /** A client is done; the last one closes the pool and stops the threads. */
    public void release() {
        if (users.decrementAndGet() == 0) {
            pool.closeAll();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }
}
