package io.gwkit.client;

import io.gwkit.client.internal.JavaShapes;
import io.gwkit.client.internal.PhpGatewayApi;
import io.gwkit.php.PhpSerializer;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The asynchronous face of {@link GatewayClient}: every operation returns a {@link CompletableFuture}.
 * This is the one implementation; the blocking methods of {@link GatewayClient} wait on these.
 * Obtain it with {@link GatewayClient#async()}, or build one over your own {@link GatewayTransport}
 * with {@link #over(GatewayTransport)} (a BusinessWorker does this to offer the same API over its
 * worker connections).
 *
 * <p>Futures fail with {@link RegisterUnavailableException}, {@link GatewayUnavailableException},
 * {@link GatewayTimeoutException}, {@link GatewayProtocolException} (each naming the operation and
 * address), {@link io.gwkit.protocol.InvalidClientIdException} for a malformed client_id, or
 * {@link IllegalArgumentException} for bad arguments. Futures complete on I/O threads: do not block in
 * their callbacks.
 *
 * <p>Methods that take uids or groups as a {@code Collection<?>} accept Strings and integral Numbers;
 * PHP writes them differently ({@code [42]} vs {@code ["42"]}), and so do we.
 */
public final class AsyncGatewayClient {

    private final PhpGatewayApi api;

    AsyncGatewayClient(PhpGatewayApi api) {
        this.api = api;
    }

    GatewayTransport transport() {
        return api.transport();
    }

    /** The API over a custom transport; fan-out failures fail the call. */
    public static AsyncGatewayClient over(GatewayTransport transport) {
        return over(transport, false);
    }

    /**
     * The API over a custom transport.
     *
     * @param bestEffortFanOut when true, a gateway that fails during a fan-out is skipped (logged) and the
     *                         others' answers are merged, as PHP silently does; when false the call fails
     *                         with the first failing gateway's exception
     */
    public static AsyncGatewayClient over(GatewayTransport transport, boolean bestEffortFanOut) {
        return new AsyncGatewayClient(new PhpGatewayApi(transport, bestEffortFanOut, PhpSerializer.Limits.DEFAULT));
    }

    /**
     * Calls a GatewayClient method by its PHP name (case-insensitive; {@code destoryClient} as spelled in
     * PHP) with PHP arguments, and completes with exactly the PHP value PHP's GatewayClient returns:
     * {@link io.gwkit.php.PhpArray} keyed as PHP keys it (client_id, uid, group), Long counts and 0/1
     * flags, {@code true} for {@code sendToClient}/{@code closeClient}/{@code destoryClient}, null for
     * other sends, {@code false} for an empty group id. Arguments: null, Boolean, Long/Integer, Double,
     * String, byte[], List and Map (or PhpArray) as PHP arrays. Missing optional arguments take PHP's
     * defaults.
     */
    public CompletableFuture<Object> invoke(String phpMethod, List<?> phpArgs) {
        return api.invoke(phpMethod, phpArgs);
    }

    /** {@link #invoke(String, List)} by constant: a misspelt method does not compile. */
    public CompletableFuture<Object> invoke(PhpMethod method, List<?> phpArgs) {
        return api.invoke(method, phpArgs, Function.identity());
    }

    /**
     * The gateway inner addresses ({@code ip:port}) the register lists, as every fan-out looks them up
     * (cached for the builder's {@code registerCacheTtl}). No PHP method: for health checks and diagnostics.
     * Fails with {@link RegisterUnavailableException} when no register answers.
     */
    public CompletableFuture<List<String>> gatewayAddresses() {
        return api.transport().gatewayAddresses();
    }

    /** Runs the PHP method and converts its PHP result, in one stage. */
    private <T> CompletableFuture<T> call(Function<Object, T> toJava, PhpMethod method, Object... args) {
        return api.invoke(method, Arrays.asList(args), toJava);
    }

    /** Async {@link PhpMethod#SEND_TO_ALL sendToAll}. */
    public CompletableFuture<Void> sendToAll(String message) {
        return call(v -> null, PhpMethod.SEND_TO_ALL, message);
    }

    /** Async {@link PhpMethod#SEND_TO_ALL sendToAll}. */
    public CompletableFuture<Void> sendToAll(byte[] message) {
        return call(v -> null, PhpMethod.SEND_TO_ALL, message);
    }

    /** Async {@link PhpMethod#SEND_TO_ALL sendToAll}. */
    public CompletableFuture<Void> sendToAll(String message, Collection<String> clientIds,
            Collection<String> excludeClientIds, boolean raw) {
        return call(v -> null, PhpMethod.SEND_TO_ALL, message, clientIds, excludeClientIds, raw);
    }

    /** Async {@link PhpMethod#SEND_TO_ALL sendToAll}. */
    public CompletableFuture<Void> sendToAll(byte[] message, Collection<String> clientIds,
            Collection<String> excludeClientIds, boolean raw) {
        return call(v -> null, PhpMethod.SEND_TO_ALL, message, clientIds, excludeClientIds, raw);
    }

    /** Async {@link PhpMethod#SEND_TO_CLIENT sendToClient}. */
    public CompletableFuture<Void> sendToClient(String clientId, String message) {
        return call(v -> null, PhpMethod.SEND_TO_CLIENT, clientId, message);
    }

    /** Async {@link PhpMethod#SEND_TO_CLIENT sendToClient}. */
    public CompletableFuture<Void> sendToClient(String clientId, byte[] message) {
        return call(v -> null, PhpMethod.SEND_TO_CLIENT, clientId, message);
    }

    /** Async {@link PhpMethod#SEND_TO_UID sendToUid}. */
    public CompletableFuture<Void> sendToUid(String uid, String message) {
        return call(v -> null, PhpMethod.SEND_TO_UID, uid, message);
    }

    /** Async {@link PhpMethod#SEND_TO_UID sendToUid}. */
    public CompletableFuture<Void> sendToUid(String uid, byte[] message) {
        return call(v -> null, PhpMethod.SEND_TO_UID, uid, message);
    }

    /** Async {@link PhpMethod#SEND_TO_UID sendToUid}. */
    public CompletableFuture<Void> sendToUid(Collection<?> uids, String message) {
        return call(v -> null, PhpMethod.SEND_TO_UID, uids, message);
    }

    /** Async {@link PhpMethod#SEND_TO_UID sendToUid}. */
    public CompletableFuture<Void> sendToUid(Collection<?> uids, byte[] message) {
        return call(v -> null, PhpMethod.SEND_TO_UID, uids, message);
    }

    /** Async {@link PhpMethod#SEND_TO_GROUP sendToGroup}. */
    public CompletableFuture<Void> sendToGroup(String group, String message) {
        return call(JavaShapes::requireGroupAccepted, PhpMethod.SEND_TO_GROUP, group, message);
    }

    /** Async {@link PhpMethod#SEND_TO_GROUP sendToGroup}. */
    public CompletableFuture<Void> sendToGroup(String group, byte[] message) {
        return call(JavaShapes::requireGroupAccepted, PhpMethod.SEND_TO_GROUP, group, message);
    }

    /** Async {@link PhpMethod#SEND_TO_GROUP sendToGroup}. */
    public CompletableFuture<Void> sendToGroup(Collection<?> groups, String message,
            Collection<String> excludeClientIds, boolean raw) {
        return call(JavaShapes::requireGroupAccepted, PhpMethod.SEND_TO_GROUP, groups, message, excludeClientIds, raw);
    }

    /** Async {@link PhpMethod#SEND_TO_GROUP sendToGroup}. */
    public CompletableFuture<Void> sendToGroup(Collection<?> groups, byte[] message,
            Collection<String> excludeClientIds, boolean raw) {
        return call(JavaShapes::requireGroupAccepted, PhpMethod.SEND_TO_GROUP, groups, message, excludeClientIds, raw);
    }

    /** Async {@link PhpMethod#CLOSE_CLIENT closeClient}. */
    public CompletableFuture<Void> closeClient(String clientId) {
        return call(v -> null, PhpMethod.CLOSE_CLIENT, clientId);
    }

    /** Async {@link PhpMethod#CLOSE_CLIENT closeClient}. */
    public CompletableFuture<Void> closeClient(String clientId, String message) {
        return call(v -> null, PhpMethod.CLOSE_CLIENT, clientId, message);
    }

    /** Async {@link PhpMethod#CLOSE_CLIENT closeClient}. */
    public CompletableFuture<Void> closeClient(String clientId, byte[] message) {
        return call(v -> null, PhpMethod.CLOSE_CLIENT, clientId, message);
    }

    /** Async {@link PhpMethod#DESTORY_CLIENT destoryClient}. */
    public CompletableFuture<Void> destroyClient(String clientId) {
        return call(v -> null, PhpMethod.DESTORY_CLIENT, clientId);
    }

    /** Async {@link PhpMethod#DESTORY_CURRENT_CLIENT destoryCurrentClient}. */
    public CompletableFuture<Void> destroyCurrentClient() {
        return call(v -> null, PhpMethod.DESTORY_CURRENT_CLIENT);
    }

    /** Async {@link PhpMethod#IS_ONLINE isOnline}. */
    public CompletableFuture<Boolean> isOnline(String clientId) {
        return call(v -> JavaShapes.integer(v) != 0, PhpMethod.IS_ONLINE, clientId);
    }

    /** Async {@link PhpMethod#BIND_UID bindUid}. */
    public CompletableFuture<Void> bindUid(String clientId, String uid) {
        return call(v -> null, PhpMethod.BIND_UID, clientId, uid);
    }

    /** Async {@link PhpMethod#UNBIND_UID unbindUid}. */
    public CompletableFuture<Void> unbindUid(String clientId, String uid) {
        return call(v -> null, PhpMethod.UNBIND_UID, clientId, uid);
    }

    /** Async {@link PhpMethod#IS_UID_ONLINE isUidOnline}. */
    public CompletableFuture<Boolean> isUidOnline(String uid) {
        return call(v -> JavaShapes.integer(v) != 0, PhpMethod.IS_UID_ONLINE, uid);
    }

    /** Async {@link PhpMethod#IS_UIDS_ONLINE isUidsOnline}. */
    public CompletableFuture<Map<String, Boolean>> isUidsOnline(Collection<?> uids) {
        return call(v -> JavaShapes.map(v, x -> JavaShapes.integer(x) != 0), PhpMethod.IS_UIDS_ONLINE, uids);
    }

    /** Async {@link PhpMethod#GET_CLIENT_ID_BY_UID getClientIdByUid}. */
    public CompletableFuture<List<String>> getClientIdByUid(String uid) {
        return call(v -> JavaShapes.stringList(v), PhpMethod.GET_CLIENT_ID_BY_UID, uid);
    }

    /** Async {@link PhpMethod#BATCH_GET_CLIENT_ID_BY_UID batchGetClientIdByUid}. */
    public CompletableFuture<Map<String, List<String>>> batchGetClientIdByUid(Collection<?> uids) {
        return call(v -> JavaShapes.map(v, JavaShapes::stringList), PhpMethod.BATCH_GET_CLIENT_ID_BY_UID, uids);
    }

    /** Async {@link PhpMethod#GET_UID_BY_CLIENT_ID getUidByClientId}. */
    public CompletableFuture<String> getUidByClientId(String clientId) {
        return call(v -> JavaShapes.string(v), PhpMethod.GET_UID_BY_CLIENT_ID, clientId);
    }

    /** Async {@link PhpMethod#JOIN_GROUP joinGroup}. */
    public CompletableFuture<Void> joinGroup(String clientId, String group) {
        return call(v -> null, PhpMethod.JOIN_GROUP, clientId, group);
    }

    /** Async {@link PhpMethod#LEAVE_GROUP leaveGroup}. */
    public CompletableFuture<Void> leaveGroup(String clientId, String group) {
        return call(v -> null, PhpMethod.LEAVE_GROUP, clientId, group);
    }

    /** Async {@link PhpMethod#UNGROUP ungroup}. */
    public CompletableFuture<Void> ungroup(String group) {
        return call(JavaShapes::requireGroupAccepted, PhpMethod.UNGROUP, group);
    }

    /** Async {@link PhpMethod#GET_CLIENT_COUNT_BY_GROUP getClientCountByGroup}. */
    public CompletableFuture<Long> getClientCountByGroup(String group) {
        return call(JavaShapes::integer, PhpMethod.GET_CLIENT_COUNT_BY_GROUP, group);
    }

    /** Async {@link PhpMethod#GET_CLIENT_ID_COUNT_BY_GROUP getClientIdCountByGroup}. */
    public CompletableFuture<Long> getClientIdCountByGroup(String group) {
        return call(JavaShapes::integer, PhpMethod.GET_CLIENT_ID_COUNT_BY_GROUP, group);
    }

    /** Async {@link PhpMethod#BATCH_GET_CLIENT_ID_COUNT_BY_GROUP batchGetClientIdCountByGroup}. */
    public CompletableFuture<Map<String, Long>> batchGetClientIdCountByGroup(Collection<?> groups) {
        return call(v -> JavaShapes.map(v, JavaShapes::integer), PhpMethod.BATCH_GET_CLIENT_ID_COUNT_BY_GROUP, groups);
    }

    /** Async {@link PhpMethod#GET_ALL_CLIENT_SESSIONS getAllClientSessions}. */
    public CompletableFuture<Map<String, Map<String, Object>>> getAllClientSessions() {
        return call(v -> JavaShapes.map(v, JavaShapes::session), PhpMethod.GET_ALL_CLIENT_SESSIONS);
    }

    /** Async {@link PhpMethod#GET_ALL_CLIENT_SESSIONS getAllClientSessions}. */
    public CompletableFuture<Map<String, Map<String, Object>>> getAllClientSessions(String group) {
        return call(v -> JavaShapes.map(v, JavaShapes::session), PhpMethod.GET_ALL_CLIENT_SESSIONS, group);
    }

    /** Async {@link PhpMethod#GET_CLIENT_SESSIONS_BY_GROUP getClientSessionsByGroup}. */
    public CompletableFuture<Map<String, Map<String, Object>>> getClientSessionsByGroup(String group) {
        return call(v -> JavaShapes.map(v, JavaShapes::session), PhpMethod.GET_CLIENT_SESSIONS_BY_GROUP, group);
    }

    /**
     * Async {@link PhpMethod#GET_ALL_CLIENT_INFO getAllClientInfo}.
     * @deprecated use getAllClientSessions
     */
    @Deprecated
    public CompletableFuture<Map<String, Map<String, Object>>> getAllClientInfo() {
        return call(v -> JavaShapes.map(v, JavaShapes::session), PhpMethod.GET_ALL_CLIENT_INFO);
    }

    /**
     * Async {@link PhpMethod#GET_CLIENT_INFO_BY_GROUP getClientInfoByGroup}.
     * @deprecated use getClientSessionsByGroup
     */
    @Deprecated
    public CompletableFuture<Map<String, Map<String, Object>>> getClientInfoByGroup(String group) {
        return call(v -> JavaShapes.map(v, JavaShapes::session), PhpMethod.GET_CLIENT_INFO_BY_GROUP, group);
    }

    /** Async {@link PhpMethod#GET_CLIENT_ID_LIST_BY_GROUP getClientIdListByGroup}. */
    public CompletableFuture<Set<String>> getClientIdListByGroup(String group) {
        return call(v -> JavaShapes.keySet(v), PhpMethod.GET_CLIENT_ID_LIST_BY_GROUP, group);
    }

    /** Async {@link PhpMethod#GET_ALL_CLIENT_ID_LIST getAllClientIdList}. */
    public CompletableFuture<Set<String>> getAllClientIdList() {
        return call(v -> JavaShapes.keySet(v), PhpMethod.GET_ALL_CLIENT_ID_LIST);
    }

    /** Async {@link PhpMethod#GET_UID_LIST_BY_GROUP getUidListByGroup}. */
    public CompletableFuture<Set<String>> getUidListByGroup(String group) {
        return call(v -> JavaShapes.keySet(v), PhpMethod.GET_UID_LIST_BY_GROUP, group);
    }

    /** Async {@link PhpMethod#GET_UID_COUNT_BY_GROUP getUidCountByGroup}. */
    public CompletableFuture<Long> getUidCountByGroup(String group) {
        return call(JavaShapes::integer, PhpMethod.GET_UID_COUNT_BY_GROUP, group);
    }

    /** Async {@link PhpMethod#GET_ALL_CLIENT_COUNT getAllClientCount}. */
    public CompletableFuture<Long> getAllClientCount() {
        return call(JavaShapes::integer, PhpMethod.GET_ALL_CLIENT_COUNT);
    }

    /** Async {@link PhpMethod#GET_ALL_CLIENT_ID_COUNT getAllClientIdCount}. */
    public CompletableFuture<Long> getAllClientIdCount() {
        return call(JavaShapes::integer, PhpMethod.GET_ALL_CLIENT_ID_COUNT);
    }

    /** Async {@link PhpMethod#GET_ALL_UID_LIST getAllUidList}. */
    public CompletableFuture<Set<String>> getAllUidList() {
        return call(v -> JavaShapes.keySet(v), PhpMethod.GET_ALL_UID_LIST);
    }

    /** Async {@link PhpMethod#GET_ALL_UID_COUNT getAllUidCount}. */
    public CompletableFuture<Long> getAllUidCount() {
        return call(JavaShapes::integer, PhpMethod.GET_ALL_UID_COUNT);
    }

    /** Async {@link PhpMethod#GET_ALL_GROUP_ID_LIST getAllGroupIdList}. */
    public CompletableFuture<Set<String>> getAllGroupIdList() {
        return call(v -> JavaShapes.keySet(v), PhpMethod.GET_ALL_GROUP_ID_LIST);
    }

    /** Async {@link PhpMethod#GET_ALL_GROUP_UID_LIST getAllGroupUidList}. */
    public CompletableFuture<Map<String, Set<String>>> getAllGroupUidList() {
        return call(v -> JavaShapes.map(v, JavaShapes::keySet), PhpMethod.GET_ALL_GROUP_UID_LIST);
    }

    /** Async {@link PhpMethod#GET_ALL_GROUP_UID_COUNT getAllGroupUidCount}. */
    public CompletableFuture<Map<String, Long>> getAllGroupUidCount() {
        return call(v -> JavaShapes.map(v, JavaShapes::integer), PhpMethod.GET_ALL_GROUP_UID_COUNT);
    }

    /** Async {@link PhpMethod#GET_ALL_GROUP_CLIENT_ID_LIST getAllGroupClientIdList}. */
    public CompletableFuture<Map<String, Set<String>>> getAllGroupClientIdList() {
        return call(v -> JavaShapes.map(v, JavaShapes::keySet), PhpMethod.GET_ALL_GROUP_CLIENT_ID_LIST);
    }

    /** Async {@link PhpMethod#GET_ALL_GROUP_CLIENT_ID_COUNT getAllGroupClientIdCount}. */
    public CompletableFuture<Map<String, Long>> getAllGroupClientIdCount() {
        return call(v -> JavaShapes.map(v, JavaShapes::integer), PhpMethod.GET_ALL_GROUP_CLIENT_ID_COUNT);
    }

    /** Async {@link PhpMethod#SET_SESSION setSession}. */
    public CompletableFuture<Void> setSession(String clientId, Map<String, ?> session) {
        return call(v -> null, PhpMethod.SET_SESSION, clientId, session);
    }

    /** Async {@link PhpMethod#UPDATE_SESSION updateSession}. */
    public CompletableFuture<Void> updateSession(String clientId, Map<String, ?> session) {
        return call(v -> null, PhpMethod.UPDATE_SESSION, clientId, session);
    }

    /** Async {@link PhpMethod#SET_SOCKET_SESSION setSocketSession}. */
    public CompletableFuture<Void> setSocketSession(String clientId, String serializedSession) {
        return call(v -> null, PhpMethod.SET_SOCKET_SESSION, clientId, serializedSession);
    }

    /** Async {@link PhpMethod#GET_SESSION getSession}. */
    public CompletableFuture<Map<String, Object>> getSession(String clientId) {
        return call(v -> v == null ? null : JavaShapes.session(v), PhpMethod.GET_SESSION, clientId);
    }
}
