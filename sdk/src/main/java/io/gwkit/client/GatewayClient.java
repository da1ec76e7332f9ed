package io.gwkit.client;

import io.gwkit.client.internal.BlockingCall;
import io.gwkit.client.internal.ClientSettings;
import io.gwkit.client.internal.NettyGatewayTransport;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 */
public final class GatewayClient implements AutoCloseable {

    private final AsyncGatewayClient async;
    private final long callTimeoutMillis;
    /** For newBuilder(): this client's settings, its threads and pool included; null over a custom transport. */
    private final ClientSettings settings;
    private final NettyGatewayTransport transport;

    private GatewayClient(ClientSettings built) {
        this.settings = built.copy();
        this.transport = settings.openTransport();
        this.async = new AsyncGatewayClient(settings.api(transport));
        this.callTimeoutMillis = settings.callTimeoutMillis();
    }

    private GatewayClient(AsyncGatewayClient async, Duration callTimeout) {
        this.async = async;
        this.callTimeoutMillis = callTimeout.toMillis();
        this.settings = null;
        this.transport = null;
    }

    /** A builder with the default settings. */
    public static Builder builder() {
        return new Builder(new ClientSettings());
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
        return new Builder(settings.copy());
    }

    /** The non-blocking twin of every method. */
    public AsyncGatewayClient async() {
        return async;
    }

    /**
     * The transport this client's operations run over: the register's gateway list and single frames to one
     * gateway, for tools that address each gateway themselves ({@code gw status} sends one SELECT per gateway).
     * Build frames with {@link io.gwkit.protocol.GatewayRequests}. Closing the client closes it.
     */
    public GatewayTransport transport() {
        return async.transport();
    }

    /** Blocking {@link AsyncGatewayClient#invoke(String, List)}: PHP method name, PHP arguments, PHP result. */
    public Object invoke(String phpMethod, List<?> phpArgs) { return await(async.invoke(phpMethod, phpArgs)); }

    /** Blocking {@link AsyncGatewayClient#invoke(PhpMethod, List)}. */
    public Object invoke(PhpMethod method, List<?> phpArgs) { return await(async.invoke(method, phpArgs)); }

    /** Blocking {@link AsyncGatewayClient#gatewayAddresses()}: the gateways the register lists. */
    public List<String> gatewayAddresses() { return await(async.gatewayAddresses()); }

    /** Closes this client's register subscription; the last client sharing the pool closes the connections. */
    @Override
    public void close() {
        if (transport != null) {
            transport.close();
        }
    }

    private <T> T await(CompletableFuture<T> future) {
        return BlockingCall.await(future, callTimeoutMillis);
    }

    /** Blocking {@link PhpMethod#SEND_TO_ALL sendToAll}. */
    public void sendToAll(String message) { await(async.sendToAll(message)); }

    /** Blocking {@link PhpMethod#SEND_TO_ALL sendToAll}. */
    public void sendToAll(byte[] message) { await(async.sendToAll(message)); }

    /** Blocking {@link PhpMethod#SEND_TO_ALL sendToAll}. */
    public void sendToAll(String message, Collection<String> clientIds, Collection<String> excludeClientIds,
            boolean raw) {
        await(async.sendToAll(message, clientIds, excludeClientIds, raw));
    }

    /** Blocking {@link PhpMethod#SEND_TO_ALL sendToAll}. */
    public void sendToAll(byte[] message, Collection<String> clientIds, Collection<String> excludeClientIds,
            boolean raw) {
        await(async.sendToAll(message, clientIds, excludeClientIds, raw));
    }

    /** Blocking {@link PhpMethod#SEND_TO_CLIENT sendToClient}. */
    public void sendToClient(String clientId, String message) { await(async.sendToClient(clientId, message)); }

    /** Blocking {@link PhpMethod#SEND_TO_CLIENT sendToClient}. */
    public void sendToClient(String clientId, byte[] message) { await(async.sendToClient(clientId, message)); }

    /** Blocking {@link PhpMethod#SEND_TO_UID sendToUid}. */
    public void sendToUid(String uid, String message) { await(async.sendToUid(uid, message)); }

    /** Blocking {@link PhpMethod#SEND_TO_UID sendToUid}. */
    public void sendToUid(String uid, byte[] message) { await(async.sendToUid(uid, message)); }

    /** Blocking {@link PhpMethod#SEND_TO_UID sendToUid}. */
    public void sendToUid(Collection<?> uids, String message) { await(async.sendToUid(uids, message)); }

    /** Blocking {@link PhpMethod#SEND_TO_UID sendToUid}. */
    public void sendToUid(Collection<?> uids, byte[] message) { await(async.sendToUid(uids, message)); }

    /** Blocking {@link PhpMethod#SEND_TO_GROUP sendToGroup}. */
    public void sendToGroup(String group, String message) { await(async.sendToGroup(group, message)); }

    /** Blocking {@link PhpMethod#SEND_TO_GROUP sendToGroup}. */
    public void sendToGroup(String group, byte[] message) { await(async.sendToGroup(group, message)); }

    /** Blocking {@link PhpMethod#SEND_TO_GROUP sendToGroup}. */
    public void sendToGroup(Collection<?> groups, String message, Collection<String> excludeClientIds, boolean raw) {
        await(async.sendToGroup(groups, message, excludeClientIds, raw));
    }

    /** Blocking {@link PhpMethod#SEND_TO_GROUP sendToGroup}. */
    public void sendToGroup(Collection<?> groups, byte[] message, Collection<String> excludeClientIds, boolean raw) {
        await(async.sendToGroup(groups, message, excludeClientIds, raw));
    }

    /** Blocking {@link PhpMethod#CLOSE_CLIENT closeClient}. */
    public void closeClient(String clientId) { await(async.closeClient(clientId)); }

    /** Blocking {@link PhpMethod#CLOSE_CLIENT closeClient}. */
    public void closeClient(String clientId, String message) { await(async.closeClient(clientId, message)); }

    /** Blocking {@link PhpMethod#CLOSE_CLIENT closeClient}. */
    public void closeClient(String clientId, byte[] message) { await(async.closeClient(clientId, message)); }

    /** Blocking {@link PhpMethod#DESTORY_CLIENT destoryClient}. */
    public void destroyClient(String clientId) { await(async.destroyClient(clientId)); }

    /** Blocking {@link PhpMethod#DESTORY_CURRENT_CLIENT destoryCurrentClient}. */
    public void destroyCurrentClient() { await(async.destroyCurrentClient()); }

    /** Blocking {@link PhpMethod#IS_ONLINE isOnline}. */
    public boolean isOnline(String clientId) { return await(async.isOnline(clientId)); }

    /** Blocking {@link PhpMethod#BIND_UID bindUid}. */
    public void bindUid(String clientId, String uid) { await(async.bindUid(clientId, uid)); }

    /** Blocking {@link PhpMethod#UNBIND_UID unbindUid}. */
    public void unbindUid(String clientId, String uid) { await(async.unbindUid(clientId, uid)); }

    /** Blocking {@link PhpMethod#IS_UID_ONLINE isUidOnline}. */
    public boolean isUidOnline(String uid) { return await(async.isUidOnline(uid)); }

    /** Blocking {@link PhpMethod#IS_UIDS_ONLINE isUidsOnline}. */
    public Map<String, Boolean> isUidsOnline(Collection<?> uids) { return await(async.isUidsOnline(uids)); }

    /** Blocking {@link PhpMethod#GET_CLIENT_ID_BY_UID getClientIdByUid}. */
    public List<String> getClientIdByUid(String uid) { return await(async.getClientIdByUid(uid)); }

    /** Blocking {@link PhpMethod#BATCH_GET_CLIENT_ID_BY_UID batchGetClientIdByUid}. */
    public Map<String, List<String>> batchGetClientIdByUid(Collection<?> uids) {
        return await(async.batchGetClientIdByUid(uids));
    }

    /** Blocking {@link PhpMethod#GET_UID_BY_CLIENT_ID getUidByClientId}. */
    public String getUidByClientId(String clientId) { return await(async.getUidByClientId(clientId)); }

    /** Blocking {@link PhpMethod#JOIN_GROUP joinGroup}. */
    public void joinGroup(String clientId, String group) { await(async.joinGroup(clientId, group)); }

    /** Blocking {@link PhpMethod#LEAVE_GROUP leaveGroup}. */
    public void leaveGroup(String clientId, String group) { await(async.leaveGroup(clientId, group)); }

    /** Blocking {@link PhpMethod#UNGROUP ungroup}. */
    public void ungroup(String group) { await(async.ungroup(group)); }

    /** Blocking {@link PhpMethod#GET_CLIENT_COUNT_BY_GROUP getClientCountByGroup}. */
    public long getClientCountByGroup(String group) { return await(async.getClientCountByGroup(group)); }

    /** Blocking {@link PhpMethod#GET_CLIENT_ID_COUNT_BY_GROUP getClientIdCountByGroup}. */
    public long getClientIdCountByGroup(String group) { return await(async.getClientIdCountByGroup(group)); }

    /** Blocking {@link PhpMethod#BATCH_GET_CLIENT_ID_COUNT_BY_GROUP batchGetClientIdCountByGroup}. */
    public Map<String, Long> batchGetClientIdCountByGroup(Collection<?> groups) {
        return await(async.batchGetClientIdCountByGroup(groups));
    }

    /** Blocking {@link PhpMethod#GET_ALL_CLIENT_SESSIONS getAllClientSessions}. */
    public Map<String, Map<String, Object>> getAllClientSessions() { return await(async.getAllClientSessions()); }

    /** Blocking {@link PhpMethod#GET_ALL_CLIENT_SESSIONS getAllClientSessions}. */
    public Map<String, Map<String, Object>> getAllClientSessions(String group) {
        return await(async.getAllClientSessions(group));
    }

    /** Blocking {@link PhpMethod#GET_CLIENT_SESSIONS_BY_GROUP getClientSessionsByGroup}. */
    public Map<String, Map<String, Object>> getClientSessionsByGroup(String group) {
        return await(async.getClientSessionsByGroup(group));
    }

    /**
     * Blocking {@link PhpMethod#GET_ALL_CLIENT_INFO getAllClientInfo}.
     * @deprecated use getAllClientSessions
     */
    @Deprecated
    public Map<String, Map<String, Object>> getAllClientInfo() { return await(async.getAllClientInfo()); }

    /**
     * Blocking {@link PhpMethod#GET_CLIENT_INFO_BY_GROUP getClientInfoByGroup}.
     * @deprecated use getClientSessionsByGroup
     */
    @Deprecated
    public Map<String, Map<String, Object>> getClientInfoByGroup(String group) {
        return await(async.getClientInfoByGroup(group));
    }

    /** Blocking {@link PhpMethod#GET_CLIENT_ID_LIST_BY_GROUP getClientIdListByGroup}. */
    public Set<String> getClientIdListByGroup(String group) { return await(async.getClientIdListByGroup(group)); }

    /** Blocking {@link PhpMethod#GET_ALL_CLIENT_ID_LIST getAllClientIdList}. */
    public Set<String> getAllClientIdList() { return await(async.getAllClientIdList()); }

    /** Blocking {@link PhpMethod#GET_UID_LIST_BY_GROUP getUidListByGroup}. */
    public Set<String> getUidListByGroup(String group) { return await(async.getUidListByGroup(group)); }

    /** Blocking {@link PhpMethod#GET_UID_COUNT_BY_GROUP getUidCountByGroup}. */
    public long getUidCountByGroup(String group) { return await(async.getUidCountByGroup(group)); }

    /** Blocking {@link PhpMethod#GET_ALL_CLIENT_COUNT getAllClientCount}. */
    public long getAllClientCount() { return await(async.getAllClientCount()); }

    /** Blocking {@link PhpMethod#GET_ALL_CLIENT_ID_COUNT getAllClientIdCount}. */
    public long getAllClientIdCount() { return await(async.getAllClientIdCount()); }

    /** Blocking {@link PhpMethod#GET_ALL_UID_LIST getAllUidList}. */
    public Set<String> getAllUidList() { return await(async.getAllUidList()); }

    /** Blocking {@link PhpMethod#GET_ALL_UID_COUNT getAllUidCount}. */
    public long getAllUidCount() { return await(async.getAllUidCount()); }

    /** Blocking {@link PhpMethod#GET_ALL_GROUP_ID_LIST getAllGroupIdList}. */
    public Set<String> getAllGroupIdList() { return await(async.getAllGroupIdList()); }

    /** Blocking {@link PhpMethod#GET_ALL_GROUP_UID_LIST getAllGroupUidList}. */
    public Map<String, Set<String>> getAllGroupUidList() { return await(async.getAllGroupUidList()); }

    /** Blocking {@link PhpMethod#GET_ALL_GROUP_UID_COUNT getAllGroupUidCount}. */
    public Map<String, Long> getAllGroupUidCount() { return await(async.getAllGroupUidCount()); }

    /** Blocking {@link PhpMethod#GET_ALL_GROUP_CLIENT_ID_LIST getAllGroupClientIdList}. */
    public Map<String, Set<String>> getAllGroupClientIdList() { return await(async.getAllGroupClientIdList()); }

    /** Blocking {@link PhpMethod#GET_ALL_GROUP_CLIENT_ID_COUNT getAllGroupClientIdCount}. */
    public Map<String, Long> getAllGroupClientIdCount() { return await(async.getAllGroupClientIdCount()); }

    /** Blocking {@link PhpMethod#SET_SESSION setSession}. */
    public void setSession(String clientId, Map<String, ?> session) { await(async.setSession(clientId, session)); }

    /** Blocking {@link PhpMethod#UPDATE_SESSION updateSession}. */
    public void updateSession(String clientId, Map<String, ?> session) {
        await(async.updateSession(clientId, session));
    }

    /** Blocking {@link PhpMethod#SET_SOCKET_SESSION setSocketSession}. */
    public void setSocketSession(String clientId, String serializedSession) {
        await(async.setSocketSession(clientId, serializedSession));
    }

    /** Blocking {@link PhpMethod#GET_SESSION getSession}. */
    public Map<String, Object> getSession(String clientId) { return await(async.getSession(clientId)); }

    /**
     * Settings of a {@link GatewayClient}. Defaults are PHP's: connect timeout 3 s, reply timeout 5 s,
     * register cache 1 s.
     */
    public static final class Builder {
        private final ClientSettings settings;

        private Builder(ClientSettings settings) {
            this.settings = settings;
        }

        /** Hears of every call of the client when it completes (for metrics); {@link CallListener#NONE} by default. */
        public Builder callListener(CallListener listener) { settings.callListener(listener); return this; }

        /** Adds a register address {@code host:port}; several are tried in the order added. */
        public Builder registerAddress(String address) { settings.registerAddress(address); return this; }

        /** Replaces the register addresses. */
        public Builder registerAddresses(Collection<String> addresses) {
            settings.registerAddresses(addresses);
            return this;
        }

        /** The cluster's secret key; "" (the default) for none. */
        public Builder secretKey(String secretKey) { settings.secretKey(secretKey); return this; }

        /** How long connecting to a gateway or register may take. */
        public Builder connectTimeout(Duration timeout) { settings.connectTimeout(timeout); return this; }

        /** {@link #connectTimeout(Duration)} in {@code unit}s. */
        public Builder connectTimeout(long timeout, TimeUnit unit) {
            return connectTimeout(Duration.ofNanos(unit.toNanos(timeout)));
        }

        /** How long a gateway or register may take to answer a request. */
        public Builder replyTimeout(Duration timeout) { settings.replyTimeout(timeout); return this; }

        /** {@link #replyTimeout(Duration)} in {@code unit}s. */
        public Builder replyTimeout(long timeout, TimeUnit unit) {
            return replyTimeout(Duration.ofNanos(unit.toNanos(timeout)));
        }

        /** How long the gateway list from the register is reused; zero asks the register on every call. */
        public Builder registerCacheTtl(Duration ttl) { settings.registerCacheTtl(ttl); return this; }

        /** {@link #registerCacheTtl(Duration)} in {@code unit}s. */
        public Builder registerCacheTtl(long ttl, TimeUnit unit) {
            return registerCacheTtl(Duration.ofNanos(unit.toNanos(ttl)));
        }

        /** Persistent connections kept per gateway (default 2); requests are spread over them and pipelined. */
        public Builder connectionsPerGateway(int connections) {
            settings.connectionsPerGateway(connections);
            return this;
        }

        /** PHP's behaviour: a new connection per call, closed afterwards (slow; for comparisons). */
        public Builder connectionPerCall(boolean enabled) { settings.connectionPerCall(enabled); return this; }

        /**
         * Keep a {@code worker_connect} subscription open to the register and use every
         * {@code broadcast_addresses} it pushes, instead of asking again when the cache expires.
         */
        public Builder registerPush(boolean enabled) { settings.registerPush(enabled); return this; }

        /** Merge the answers of the gateways that did answer when others fail, as PHP silently does. */
        public Builder bestEffortFanOut(boolean enabled) { settings.bestEffortFanOut(enabled); return this; }

        /**
         * PHP's behaviour: dial the gateway a client_id names without asking the register whether it lists it
         * (default false: only gateways the register lists are dialed and sent the secret, so a client_id from an
         * untrusted source cannot make the client connect anywhere; see docs/SECURITY.md). For wire comparisons.
         */
        public Builder dialUnlistedGateways(boolean enabled) { settings.dialUnlistedGateways(enabled); return this; }

        /** Largest reply accepted from a gateway (default 64 MiB); a bigger one closes the connection. */
        public Builder maxReplyLength(int bytes) { settings.maxReplyLength(bytes); return this; }

        /**
         * Bytes of calls (frames) one gateway connection may hold not yet written to its socket (default 64 MiB).
         * A call that would pass it fails at once with {@link GatewayOverloadedException} (its future completes
         * exceptionally; a blocking call throws it) and sends nothing; a call alone on the connection is never
         * refused, whatever its size. Calls waiting for a connection that is still being made are not counted
         * (the connect timeout bounds them).
         */
        public Builder maxQueuedBytes(long bytes) { settings.maxQueuedBytes(bytes); return this; }

        /** I/O threads of a new client (ignored by clients derived with newBuilder(), which share them). */
        public Builder ioThreads(int threads) { settings.ioThreads(threads); return this; }

        /**
         * Whether a new client uses Netty's native epoll transport where it loads (Linux x86-64; the default),
         * or always Java NIO. Ignored by clients derived with newBuilder(), which share their I/O threads.
         */
        public Builder nativeTransport(boolean enabled) { settings.nativeTransport(enabled); return this; }

        /**
         * Maps an address as the register or a client_id names it ({@code 10.0.0.5:2900}) to the address to
         * dial, for NAT, containers or tests. Identity by default.
         */
        public Builder addressTranslator(UnaryOperator<String> translator) {
            settings.addressTranslator(translator);
            return this;
        }

        /** A client with these settings; fails without a register address. */
        public GatewayClient build() {
            settings.requireRegisterAddress();
            return new GatewayClient(settings);
        }
    }
}
