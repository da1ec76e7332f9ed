package io.gwkit.client;

import io.gwkit.client.internal.ClientResources;
import io.gwkit.client.internal.GatewayTransport;
import io.gwkit.client.internal.NettyGatewayTransport;
import io.gwkit.client.internal.PhpGatewayApi;
import io.gwkit.client.internal.TransportConfig;
import io.gwkit.php.PhpSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Pushes to and queries a GatewayWorker cluster (PHP, Java or mixed), with the API of PHP's
 * {@code GatewayClient\Gateway}: same operations, byte-identical requests, the same answers in Java
 * shapes. PHP's {@code destoryClient} is spelled {@code destroyClient} here.
 *
 * <h2>GatewayClients should be shared</h2>
 * A client holds I/O threads, a pool of persistent connections to the gateways and the register
 * cache. Build one per cluster, share it between threads (it is immutable and thread-safe), and close it
 * on shutdown.
 * <pre>{@code
 * GatewayClient gw = GatewayClient.builder().registerAddress("127.0.0.1:1236").secretKey("k").build();
 * gw.sendToUid("u42", "hello");
 * boolean online = gw.isOnline(clientId);
 * gw.async().getAllClientIdList().thenAccept(ids -> ...);
 * }</pre>
 *
 * <h2>Customize with newBuilder()</h2>
 * {@link #newBuilder()} derives a client with other settings that shares this one's threads and pool.
 *
 * <h2>Blocking and failures</h2>
 * Every method blocks until the gateways have the request (sends) or have answered (queries); the
 * {@link #async()} twins do not. Failures throw {@link RegisterUnavailableException},
 * {@link GatewayUnavailableException}, {@link GatewayTimeoutException}, {@link GatewayProtocolException}
 * (each message names the operation and the address) or
 * {@link io.gwkit.protocol.InvalidClientIdException}. Fan-out calls (those not aimed at one client_id)
 * fail when one gateway fails, unless {@link Builder#bestEffortFanOut(boolean)} is set.
 *
 * <h2>How long a blocking call may take</h2>
 * Each hop has its own limit ({@link Builder#connectTimeout(Duration)}, 3 s, and
 * {@link Builder#replyTimeout(Duration)}, 5 s), and a call may need a register lookup per register before it
 * reaches a gateway. A blocking call therefore waits at most (connectTimeout + replyTimeout) × (registers + 2)
 * + 1 s — 25 s with the defaults and one register — and then throws {@link GatewayTimeoutException}
 * ("call did not complete within … ms"). The {@link #async()} twins have the per-hop limits only.
 */
public final class GatewayClient implements AutoCloseable {

    private final AsyncGatewayClient async;
    private final long callTimeoutMillis;
    private final Builder settings;
    private final NettyGatewayTransport transport;
    private final ClientResources resources;

    private GatewayClient(Builder b) {
        this.settings = b.copy();
        List<String> registers = List.copyOf(b.registerAddresses);
        TransportConfig config = new TransportConfig(registers, b.secretKey, b.connectTimeout, b.replyTimeout,
                b.registerCacheTtl, b.connectionsPerGateway, b.connectionPerCall, b.registerPush, b.maxReplyLength,
                b.addressTranslator);
        ClientResources shared = b.resources;
        ClientResources r = shared != null ? shared : ClientResources.create(b.ioThreads, b.nativeTransport);
        this.transport = new NettyGatewayTransport(config, r);
        if (shared == null) {
            r.release(); // the transport holds its own reference
        }
        this.resources = r;
        this.settings.resources = r;
        this.async = new AsyncGatewayClient(new PhpGatewayApi(transport, b.bestEffortFanOut,
                PhpSerializer.Limits.DEFAULT));
        // A call may need a register lookup per register, then a connect and a reply: never wait longer.
        long perHop = b.connectTimeout.toMillis() + b.replyTimeout.toMillis();
        this.callTimeoutMillis = perHop * (registers.size() + 2) + 1000;
    }

    private GatewayClient(AsyncGatewayClient async, Duration callTimeout) {
        this.async = async;
        this.callTimeoutMillis = callTimeout.toMillis();
        this.settings = null;
        this.transport = null;
        this.resources = null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A blocking client over a custom transport (e.g. a BusinessWorker's connections). Calls wait at most
     * {@code callTimeout}; {@link #close()} does nothing and {@link #newBuilder()} is unsupported.
     */
    public static GatewayClient over(GatewayTransport transport, boolean bestEffortFanOut, Duration callTimeout) {
        return new GatewayClient(AsyncGatewayClient.over(transport, bestEffortFanOut), callTimeout);
    }

    /** A builder with this client's settings whose clients share this client's threads and connection pool. */
    public Builder newBuilder() {
        if (settings == null) {
            throw new UnsupportedOperationException("a client over a custom transport has no builder");
        }
        Builder b = settings.copy();
        b.resources = resources;
        return b;
    }

    /** The non-blocking twin of every method. */
    public AsyncGatewayClient async() {
        return async;
    }

    /** Blocking {@link AsyncGatewayClient#invoke(String, List)}: PHP method name, PHP arguments, PHP result. */
    public Object invoke(String phpMethod, List<?> phpArgs) {
        return await(async.invoke(phpMethod, phpArgs));
    }

    /** Closes this client's register subscription; the last client sharing the pool closes the connections. */
    @Override
    public void close() {
        if (transport != null) {
            transport.close();
        }
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(callTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new GatewayTimeoutException(null, null,
                    "call did not complete within " + callTimeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new IllegalStateException("interrupted while waiting for the gateway", e);
        }
    }

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    public void sendToAll(String message) {
        await(async.sendToAll(message));
    }

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    public void sendToAll(byte[] message) {
        await(async.sendToAll(message));
    }

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    public void sendToAll(String message, Collection<String> clientIds, Collection<String> excludeClientIds,
            boolean raw) {
        await(async.sendToAll(message, clientIds, excludeClientIds, raw));
    }

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    public void sendToAll(byte[] message, Collection<String> clientIds, Collection<String> excludeClientIds,
            boolean raw) {
        await(async.sendToAll(message, clientIds, excludeClientIds, raw));
    }

    /**
     * Sends {@code message} to one client, straight to the gateway named in its client_id (offline ids are not
     * an error, as in PHP).
     */
    public void sendToClient(String clientId, String message) {
        await(async.sendToClient(clientId, message));
    }

    /**
     * Sends {@code message} to one client, straight to the gateway named in its client_id (offline ids are not
     * an error, as in PHP).
     */
    public void sendToClient(String clientId, byte[] message) {
        await(async.sendToClient(clientId, message));
    }

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    public void sendToUid(String uid, String message) {
        await(async.sendToUid(uid, message));
    }

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    public void sendToUid(String uid, byte[] message) {
        await(async.sendToUid(uid, message));
    }

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    public void sendToUid(Collection<?> uids, String message) {
        await(async.sendToUid(uids, message));
    }

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    public void sendToUid(Collection<?> uids, byte[] message) {
        await(async.sendToUid(uids, message));
    }

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public void sendToGroup(String group, String message) {
        await(async.sendToGroup(group, message));
    }

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public void sendToGroup(String group, byte[] message) {
        await(async.sendToGroup(group, message));
    }

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public void sendToGroup(Collection<?> groups, String message, Collection<String> excludeClientIds, boolean raw) {
        await(async.sendToGroup(groups, message, excludeClientIds, raw));
    }

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public void sendToGroup(Collection<?> groups, byte[] message, Collection<String> excludeClientIds, boolean raw) {
        await(async.sendToGroup(groups, message, excludeClientIds, raw));
    }

    /**
     * Closes a client's connection, sending {@code message} first when given.
     */
    public void closeClient(String clientId) {
        await(async.closeClient(clientId));
    }

    /**
     * Closes a client's connection, sending {@code message} first when given.
     */
    public void closeClient(String clientId, String message) {
        await(async.closeClient(clientId, message));
    }

    /**
     * Closes a client's connection, sending {@code message} first when given.
     */
    public void closeClient(String clientId, byte[] message) {
        await(async.closeClient(clientId, message));
    }

    /**
     * Destroys a client's connection at once (PHP {@code destoryClient}).
     */
    public void destroyClient(String clientId) {
        await(async.destroyClient(clientId));
    }

    /**
     * Destroys the connection of the client whose event is being handled (PHP {@code destoryCurrentClient});
     * only inside a worker.
     * @throws IllegalStateException outside a worker event handler
     */
    public void destroyCurrentClient() {
        await(async.destroyCurrentClient());
    }

    /**
     * Whether the client_id is connected (asks only the gateway named in it).
     */
    public boolean isOnline(String clientId) {
        return await(async.isOnline(clientId));
    }

    /**
     * Binds a client to a uid (a client has at most one uid; binding replaces).
     */
    public void bindUid(String clientId, String uid) {
        await(async.bindUid(clientId, uid));
    }

    /**
     * Unbinds a client from a uid.
     */
    public void unbindUid(String clientId, String uid) {
        await(async.unbindUid(clientId, uid));
    }

    /**
     * Whether any client is bound to the uid.
     */
    public boolean isUidOnline(String uid) {
        return await(async.isUidOnline(uid));
    }

    /**
     * For each uid, whether any client is bound to it.
     */
    public Map<String, Boolean> isUidsOnline(Collection<?> uids) {
        return await(async.isUidsOnline(uids));
    }

    /**
     * The client_ids bound to the uid, across all gateways.
     */
    public List<String> getClientIdByUid(String uid) {
        return await(async.getClientIdByUid(uid));
    }

    /**
     * The client_ids bound to each uid.
     */
    public Map<String, List<String>> batchGetClientIdByUid(Collection<?> uids) {
        return await(async.batchGetClientIdByUid(uids));
    }

    /**
     * The uid a client is bound to, or null.
     */
    public String getUidByClientId(String clientId) {
        return await(async.getUidByClientId(clientId));
    }

    /**
     * Adds a client to a group.
     */
    public void joinGroup(String clientId, String group) {
        await(async.joinGroup(clientId, group));
    }

    /**
     * Removes a client from a group.
     */
    public void leaveGroup(String clientId, String group) {
        await(async.leaveGroup(clientId, group));
    }

    /**
     * Dissolves a group on every gateway.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public void ungroup(String group) {
        await(async.ungroup(group));
    }

    /**
     * Number of clients in the group; {@code ""} counts every client.
     */
    public long getClientCountByGroup(String group) {
        return await(async.getClientCountByGroup(group));
    }

    /**
     * Alias of {@code getClientCountByGroup}.
     */
    public long getClientIdCountByGroup(String group) {
        return await(async.getClientIdCountByGroup(group));
    }

    /**
     * Number of clients in each group.
     */
    public Map<String, Long> batchGetClientIdCountByGroup(Collection<?> groups) {
        return await(async.batchGetClientIdCountByGroup(groups));
    }

    /**
     * Every client's session keyed by client_id (only the group's members when {@code group} is not empty).
     */
    public Map<String, Map<String, Object>> getAllClientSessions() {
        return await(async.getAllClientSessions());
    }

    /**
     * Every client's session keyed by client_id (only the group's members when {@code group} is not empty).
     */
    public Map<String, Map<String, Object>> getAllClientSessions(String group) {
        return await(async.getAllClientSessions(group));
    }

    /**
     * The sessions of the group's members keyed by client_id.
     */
    public Map<String, Map<String, Object>> getClientSessionsByGroup(String group) {
        return await(async.getClientSessionsByGroup(group));
    }

    /**
     * Deprecated PHP alias of {@code getAllClientSessions}.
     * @deprecated use getAllClientSessions
     */
    @Deprecated
    public Map<String, Map<String, Object>> getAllClientInfo() {
        return await(async.getAllClientInfo());
    }

    /**
     * Deprecated PHP alias of {@code getAllClientSessions(group)}.
     * @deprecated use getClientSessionsByGroup
     */
    @Deprecated
    public Map<String, Map<String, Object>> getClientInfoByGroup(String group) {
        return await(async.getClientInfoByGroup(group));
    }

    /**
     * The client_ids in the group.
     */
    public Set<String> getClientIdListByGroup(String group) {
        return await(async.getClientIdListByGroup(group));
    }

    /**
     * Every connected client_id.
     */
    public Set<String> getAllClientIdList() {
        return await(async.getAllClientIdList());
    }

    /**
     * The uids bound to members of the group.
     */
    public Set<String> getUidListByGroup(String group) {
        return await(async.getUidListByGroup(group));
    }

    /**
     * Number of distinct uids in the group.
     */
    public long getUidCountByGroup(String group) {
        return await(async.getUidCountByGroup(group));
    }

    /**
     * Number of connected clients.
     */
    public long getAllClientCount() {
        return await(async.getAllClientCount());
    }

    /**
     * Alias of {@code getAllClientCount}.
     */
    public long getAllClientIdCount() {
        return await(async.getAllClientIdCount());
    }

    /**
     * Every bound uid.
     */
    public Set<String> getAllUidList() {
        return await(async.getAllUidList());
    }

    /**
     * Number of bound uids.
     */
    public long getAllUidCount() {
        return await(async.getAllUidCount());
    }

    /**
     * Every group with at least one member.
     */
    public Set<String> getAllGroupIdList() {
        return await(async.getAllGroupIdList());
    }

    /**
     * For each group, the uids of its members. Complete, unlike PHP, which stops scanning a gateway at the
     * first client without uid or groups (docs/PROTOCOL.md §9).
     */
    public Map<String, Set<String>> getAllGroupUidList() {
        return await(async.getAllGroupUidList());
    }

    /**
     * For each group, the number of uids of its members.
     */
    public Map<String, Long> getAllGroupUidCount() {
        return await(async.getAllGroupUidCount());
    }

    /**
     * For each group, its members' client_ids. Complete, unlike PHP, which stops scanning a gateway at the
     * first client without groups (docs/PROTOCOL.md §9).
     */
    public Map<String, Set<String>> getAllGroupClientIdList() {
        return await(async.getAllGroupClientIdList());
    }

    /**
     * For each group, its number of members.
     */
    public Map<String, Long> getAllGroupClientIdCount() {
        return await(async.getAllGroupClientIdCount());
    }

    /**
     * Replaces a client's session with {@code session} (PHP-serialized).
     */
    public void setSession(String clientId, Map<String, ?> session) {
        await(async.setSession(clientId, session));
    }

    /**
     * Merges {@code session} into a client's session (PHP {@code array_replace_recursive} on the gateway).
     */
    public void updateSession(String clientId, Map<String, ?> session) {
        await(async.updateSession(clientId, session));
    }

    /**
     * Sets a client's session to an already PHP-serialized string.
     */
    public void setSocketSession(String clientId, String serializedSession) {
        await(async.setSocketSession(clientId, serializedSession));
    }

    /**
     * A client's session: string keys, PHP values (nested arrays are {@link io.gwkit.php.PhpArray}); empty when
     * it has none; null when the client is offline.
     */
    public Map<String, Object> getSession(String clientId) {
        return await(async.getSession(clientId));
    }

    /**
     * Settings of a {@link GatewayClient}. Defaults are PHP's: connect timeout 3 s, reply timeout 5 s,
     * register cache 1 s.
     */
    public static final class Builder {
        private final List<String> registerAddresses = new ArrayList<>();
        private String secretKey = "";
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration replyTimeout = Duration.ofSeconds(5);
        private Duration registerCacheTtl = Duration.ofSeconds(1);
        private int connectionsPerGateway = 2;
        private boolean connectionPerCall;
        private boolean registerPush;
        private boolean bestEffortFanOut;
        private int maxReplyLength = 64 * 1024 * 1024;
        private int ioThreads = Math.min(4, Math.max(1, Runtime.getRuntime().availableProcessors()));
        private boolean nativeTransport = true;
        private UnaryOperator<String> addressTranslator = UnaryOperator.identity();
        private ClientResources resources;

        Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.registerAddresses.addAll(registerAddresses);
            b.secretKey = secretKey;
            b.connectTimeout = connectTimeout;
            b.replyTimeout = replyTimeout;
            b.registerCacheTtl = registerCacheTtl;
            b.connectionsPerGateway = connectionsPerGateway;
            b.connectionPerCall = connectionPerCall;
            b.registerPush = registerPush;
            b.bestEffortFanOut = bestEffortFanOut;
            b.maxReplyLength = maxReplyLength;
            b.ioThreads = ioThreads;
            b.nativeTransport = nativeTransport;
            b.addressTranslator = addressTranslator;
            b.resources = resources;
            return b;
        }

        /** Adds a register address {@code host:port}; several are tried in the order added. */
        public Builder registerAddress(String address) {
            checkAddress(address);
            registerAddresses.add(address);
            return this;
        }

        /** Replaces the register addresses. */
        public Builder registerAddresses(Collection<String> addresses) {
            registerAddresses.clear();
            addresses.forEach(this::registerAddress);
            return this;
        }

        /** The cluster's secret key; "" (the default) for none. */
        public Builder secretKey(String secretKey) {
            this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
            return this;
        }

        /**
         * How long connecting to a register or a gateway may take (default 3 s, as PHP). Together with
         * {@link #replyTimeout(Duration)} it sets a blocking call's overall deadline (class documentation).
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        public Builder connectTimeout(long timeout, TimeUnit unit) {
            return connectTimeout(Duration.ofNanos(unit.toNanos(timeout)));
        }

        /**
         * How long a gateway or register may take to answer a request (default 5 s). Together with
         * {@link #connectTimeout(Duration)} it sets a blocking call's overall deadline (class documentation).
         */
        public Builder replyTimeout(Duration timeout) {
            this.replyTimeout = positive("replyTimeout", timeout);
            return this;
        }

        public Builder replyTimeout(long timeout, TimeUnit unit) {
            return replyTimeout(Duration.ofNanos(unit.toNanos(timeout)));
        }

        /** How long the gateway list from the register is reused; zero asks the register on every call. */
        public Builder registerCacheTtl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("registerCacheTtl must not be negative: " + ttl);
            }
            this.registerCacheTtl = ttl;
            return this;
        }

        public Builder registerCacheTtl(long ttl, TimeUnit unit) {
            return registerCacheTtl(Duration.ofNanos(unit.toNanos(ttl)));
        }

        /** Persistent connections kept per gateway (default 2); requests are spread over them and pipelined. */
        public Builder connectionsPerGateway(int connections) {
            if (connections < 1 || connections > 64) {
                throw new IllegalArgumentException("connectionsPerGateway must be 1..64: " + connections);
            }
            this.connectionsPerGateway = connections;
            return this;
        }

        /** PHP's behaviour: a new connection per call, closed afterwards (slow; for comparisons). */
        public Builder connectionPerCall(boolean enabled) {
            this.connectionPerCall = enabled;
            return this;
        }

        /**
         * Keep a {@code worker_connect} subscription open to the register and use every
         * {@code broadcast_addresses} it pushes, instead of asking again when the cache expires.
         */
        public Builder registerPush(boolean enabled) {
            this.registerPush = enabled;
            return this;
        }

        /** Merge the answers of the gateways that did answer when others fail, as PHP silently does. */
        public Builder bestEffortFanOut(boolean enabled) {
            this.bestEffortFanOut = enabled;
            return this;
        }

        /** Largest reply accepted from a gateway (default 64 MiB); a bigger one closes the connection. */
        public Builder maxReplyLength(int bytes) {
            if (bytes < 16) {
                throw new IllegalArgumentException("maxReplyLength too small: " + bytes);
            }
            this.maxReplyLength = bytes;
            return this;
        }

        /** I/O threads of a new client (ignored by clients derived with newBuilder(), which share them). */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("ioThreads must be positive: " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        /**
         * Whether a new client uses Netty's native epoll transport where it loads (Linux x86-64; the default),
         * or always Java NIO. Ignored by clients derived with newBuilder(), which share their I/O threads.
         */
        public Builder nativeTransport(boolean enabled) {
            this.nativeTransport = enabled;
            return this;
        }

        /**
         * Maps an address as the register or a client_id names it ({@code 10.0.0.5:2900}) to the address to
         * dial, for NAT, containers or tests. Identity by default.
         */
        public Builder addressTranslator(UnaryOperator<String> translator) {
            this.addressTranslator = Objects.requireNonNull(translator, "translator");
            return this;
        }

        public GatewayClient build() {
            if (registerAddresses.isEmpty()) {
                throw new IllegalStateException("at least one registerAddress is required");
            }
            return new GatewayClient(this);
        }

        private static Duration positive(String name, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        private static void checkAddress(String address) {
            int colon = address == null ? -1 : address.lastIndexOf(':');
            boolean ok = colon > 0;
            if (ok) {
                try {
                    int port = Integer.parseInt(address.substring(colon + 1));
                    ok = port > 0 && port <= 0xFFFF;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new IllegalArgumentException("expected host:port, got \"" + address + "\"");
            }
        }
    }
}
