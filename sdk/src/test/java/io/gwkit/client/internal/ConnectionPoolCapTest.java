package io.gwkit.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.client.GatewayUnavailableException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pool keeps connections to at most so many gateways (issue 16, item 3); dead gateways make room. */
@Tag("socket")
class ConnectionPoolCapTest {

    @Test
    void thePoolHasACapAndDeadGatewaysMakeRoom() throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        ConnectionPool pool = new ConnectionPool(group, 2);
        try (ServerSocket a = listen(); ServerSocket b = listen(); ServerSocket c = listen()) {
            GatewayConnection toA = acquire(pool, a).get(15, TimeUnit.SECONDS);
            acquire(pool, b).get(15, TimeUnit.SECONDS);
            ExecutionException full = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> acquire(pool, c).get(15, TimeUnit.SECONDS));
            assertTrue(full.getCause() instanceof GatewayUnavailableException, full.toString());
            assertTrue(full.getCause().getMessage().contains("connection pool full"), full.getCause().getMessage());
            try (Socket accepted = a.accept()) {
                accepted.close(); // gateway a goes away
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (toA.isUsable() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            acquire(pool, c).get(15, TimeUnit.SECONDS);
            assertEquals(2, pool.gatewayCount());
        } finally {
            pool.closeAll();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await();
        }
    }

    private static ServerSocket listen() throws Exception {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    private static CompletableFuture<GatewayConnection> acquire(ConnectionPool pool, ServerSocket s) {
        String address = "127.0.0.1:" + s.getLocalPort();
        return pool.acquire(address, address, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                s.getLocalPort()), "", 1, 5000, 1 << 20);
    }
}
