package io.gwkit.client.internal;

import io.gwkit.client.GatewayTransport;
import io.gwkit.client.GatewayUnavailableException;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.HostPort;
import io.gwkit.protocol.InvalidAddressException;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The SDK's transport: pooled persistent Netty connections per gateway (or, in connection-per-call
 * mode, a fresh connection per call as PHP does), register discovery with cache or push. A request
 * whose connection dies before it is answered is retried once on a fresh connection.
 */
public final class NettyGatewayTransport implements GatewayTransport, AutoCloseable {

    private final TransportConfig config;
    private final ClientResources resources;
    private final RegisterDiscovery discovery;
    private final int connectTimeoutMillis;
    private final long replyTimeoutMillis;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    /** Calls waiting for a register lookup or a connect, kept in call order. */
    private final InOrder inOrder = new InOrder();
    /** The {@link #inOrder} key of calls waiting for the register's list. */
    private final Object listLookup = new Object();

    /** Where an announced address is dialed, and its pool key; computed once per address. */
    private record Route(InetSocketAddress dial, String poolKey) {
    }

    /** Takes one reference on {@code resources} (released by {@link #close()}). */
    public NettyGatewayTransport(TransportConfig config, ClientResources resources) {
        this.config = config;
        this.resources = resources.retain();
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
        this.replyTimeoutMillis = config.replyTimeout().toMillis();
        this.discovery = new RegisterDiscovery(config, resources.group());
    }

    @Override
    public CompletableFuture<List<String>> gatewayAddresses() {
        return discovery.addresses();
    }

    @Override
    public CompletableFuture<Void> send(String innerAddress, GatewayFrame frame) {
        return call(innerAddress, frame, (connection, buf) -> connection.send(buf, config.maxQueuedBytes()));
    }

    @Override
    public CompletableFuture<byte[]> request(String innerAddress, GatewayFrame frame) {
        String what = String.valueOf(frame.command());
        return call(innerAddress, frame, (connection, buf) -> connection.request(buf, what, replyTimeoutMillis,
                config.maxQueuedBytes()));
    }

    private <T> CompletableFuture<T> call(String address, GatewayFrame frame,
                                          BiFunction<GatewayConnection, ByteBuf, CompletableFuture<T>> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (config.dialUnlistedGateways()) {
            route(address, frame, op, result);
            return result;
        }
        // Only gateways the register lists are dialed (and sent the secret): a client_id naming any other
        // address must not turn the SDK into a port scanner or hand the secret to a stranger.
        CompletableFuture<List<String>> current = discovery.current();
        List<String> listed = current.isDone() && !current.isCompletedExceptionally() ? current.join() : null;
        if (listed != null && listed.contains(address) && inOrder.idle(listLookup)) {
            route(address, frame, op, result); // the common case: a listed gateway, the list at hand
            return result;
        }
        inOrder.after(listLookup, current, (list, failure) -> {
            if (failure != null) {
                List<String> last = discovery.lastKnown();
                if (last != null && last.contains(address)) {
                    route(address, frame, op, result); // no register answers: the last list it gave still counts
                } else {
                    result.completeExceptionally(PhpGatewayApi.unwrap(failure));
                }
            } else if (!list.contains(address)) {
                result.completeExceptionally(new GatewayUnavailableException(null, address, "gateway " + address
                        + " is not one the register lists now " + list
                        + ": not connecting to it (a client_id from another cluster, or a gateway gone)", null));
            } else {
                route(address, frame, op, result);
            }
        });
        return result;
    }

    private <T> void route(String address, GatewayFrame frame,
                           BiFunction<GatewayConnection, ByteBuf, CompletableFuture<T>> op, CompletableFuture<T> result) {
        Route route = routes.get(address);
        if (route == null) {
            try {
                InetSocketAddress dial = socketAddress(config.addressTranslator().apply(address));
                route = new Route(dial, address + '\n' + dial.getHostString() + ':' + dial.getPort() + '\n'
                        + config.secretKey());
            } catch (IllegalArgumentException e) {
                result.completeExceptionally(new GatewayUnavailableException(null, address,
                        "bad gateway address " + address + ": " + e.getMessage(), e));
                return;
            }
            if (routes.size() < 65536) {
                routes.put(address, route);
            }
        }
        attempt(address, route, frame, op, result, 1);
    }

    private <T> void attempt(String address, Route route, GatewayFrame frame,
                             BiFunction<GatewayConnection, ByteBuf, CompletableFuture<T>> op,
                             CompletableFuture<T> result, int retriesLeft) {
        ConnectionPool pool = resources.pool();
        CompletableFuture<GatewayConnection> connection = config.connectionPerCall()
                ? pool.connect(address, route.dial(), config.secretKey(), connectTimeoutMillis, config.maxReplyLength())
                : pool.acquire(route.poolKey(), address, route.dial(), config.secretKey(),
                        config.connectionsPerGateway(),
                        connectTimeoutMillis, config.maxReplyLength());
        GatewayConnection ready = connection.isDone() && !connection.isCompletedExceptionally()
                ? connection.join() : null;
        if (ready != null && inOrder.idle(connection)) {
            use(ready, address, route, frame, op, result, retriesLeft); // the pooled common case
            return;
        }
        inOrder.after(connection, connection, (c, connectFailure) -> {
            if (connectFailure != null) {
                result.completeExceptionally(PhpGatewayApi.unwrap(connectFailure));
            } else {
                use(c, address, route, frame, op, result, retriesLeft);
            }
        });
    }

    private <T> void use(GatewayConnection c, String address, Route route, GatewayFrame frame,
                         BiFunction<GatewayConnection, ByteBuf, CompletableFuture<T>> op,
                         CompletableFuture<T> result, int retriesLeft) {
        CompletableFuture<T> done;
        try {
            done = op.apply(c, ConnectionPool.encode(frame));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        done.whenComplete((value, failure) -> {
            if (config.connectionPerCall()) {
                c.close();
            }
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable cause = PhpGatewayApi.unwrap(failure);
            if (cause instanceof GatewayConnection.ConnectionLost) {
                if (retriesLeft > 0) {
                    attempt(address, route, frame, op, result, retriesLeft - 1);
                } else {
                    result.completeExceptionally(new GatewayUnavailableException(null, address,
                            cause.getMessage() + " (" + frame.command() + ", retried once"
                                    + (config.secretKey().isEmpty() ? ")" : "; is the secret key right?)"), null));
                }
            } else {
                result.completeExceptionally(cause);
            }
        });
    }

    /** Parses {@code host:port} (IPv6 as {@code [addr]:port}) without resolving names on the caller thread. */
    static InetSocketAddress socketAddress(String address) {
        HostPort target = HostPort.parse(address);
        if (target.port() == 0) {
            throw new InvalidAddressException(address, "port 0 cannot be dialed");
        }
        // a literal needs no resolver round on the event loop (every per-call connection would pay it)
        return target.isLiteral() ? target.socketAddress()
                : InetSocketAddress.createUnresolved(target.host(), target.port());
    }

    @Override
    public void close() {
        discovery.close();
        resources.release();
    }
}
