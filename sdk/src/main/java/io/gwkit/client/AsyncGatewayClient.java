package io.gwkit.client;

import io.gwkit.client.internal.GatewayTransport;
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

    /** Runs the PHP method and converts its PHP result, in one stage. */
    private <T> CompletableFuture<T> call(Function<Object, T> toJava, String phpMethod, Object... args) {
        return api.invoke(phpMethod, Arrays.asList(args), toJava);
    }

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    public CompletableFuture<Void> sendToAll(String message) {
        return call(v -> null, "sendToAll", message);
    }

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    public CompletableFuture<Void> sendToAll(byte[] message) {
        return call(v -> null, "sendToAll", message);
    }

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    public CompletableFuture<Void> sendToAll(String message, Collection<String> clientIds,
            Collection<String> excludeClientIds, boolean raw) {
        return call(v -> null, "sendToAll", message, clientIds, excludeClientIds, raw);
    }

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    public CompletableFuture<Void> sendToAll(byte[] message, Collection<String> clientIds,
            Collection<String> excludeClientIds, boolean raw) {
        return call(v -> null, "sendToAll", message, clientIds, excludeClientIds, raw);
    }

    /**
     * Sends {@code message} to one client, straight to the gateway named in its client_id (offline ids are not
     * an error, as in PHP).
     */
    public CompletableFuture<Void> sendToClient(String clientId, String message) {
        return call(v -> null, "sendToClient", clientId, message);
    }

    /**
     * Sends {@code message} to one client, straight to the gateway named in its client_id (offline ids are not
     * an error, as in PHP).
     */
    public CompletableFuture<Void> sendToClient(String clientId, byte[] message) {
        return call(v -> null, "sendToClient", clientId, message);
    }

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    public CompletableFuture<Void> sendToUid(String uid, String message) {
        return call(v -> null, "sendToUid", uid, message);
    }

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    public CompletableFuture<Void> sendToUid(String uid, byte[] message) {
        return call(v -> null, "sendToUid", uid, message);
    }

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    public CompletableFuture<Void> sendToUid(Collection<?> uids, String message) {
        return call(v -> null, "sendToUid", uids, message);
    }

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    public CompletableFuture<Void> sendToUid(Collection<?> uids, byte[] message) {
        return call(v -> null, "sendToUid", uids, message);
    }

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public CompletableFuture<Void> sendToGroup(String group, String message) {
        return call(JavaShapes::requireGroupAccepted, "sendToGroup", group, message);
    }

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public CompletableFuture<Void> sendToGroup(String group, byte[] message) {
        return call(JavaShapes::requireGroupAccepted, "sendToGroup", group, message);
    }

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public CompletableFuture<Void> sendToGroup(Collection<?> groups, String message,
            Collection<String> excludeClientIds, boolean raw) {
        return call(JavaShapes::requireGroupAccepted, "sendToGroup", groups, message, excludeClientIds, raw);
    }

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public CompletableFuture<Void> sendToGroup(Collection<?> groups, byte[] message,
            Collection<String> excludeClientIds, boolean raw) {
        return call(JavaShapes::requireGroupAccepted, "sendToGroup", groups, message, excludeClientIds, raw);
    }

    /**
     * Closes a client's connection, sending {@code message} first when given.
     */
    public CompletableFuture<Void> closeClient(String clientId) {
        return call(v -> null, "closeClient", clientId);
    }

    /**
     * Closes a client's connection, sending {@code message} first when given.
     */
    public CompletableFuture<Void> closeClient(String clientId, String message) {
        return call(v -> null, "closeClient", clientId, message);
    }

    /**
     * Closes a client's connection, sending {@code message} first when given.
     */
    public CompletableFuture<Void> closeClient(String clientId, byte[] message) {
        return call(v -> null, "closeClient", clientId, message);
    }

    /**
     * Destroys a client's connection at once (PHP {@code destoryClient}).
     */
    public CompletableFuture<Void> destroyClient(String clientId) {
        return call(v -> null, "destoryClient", clientId);
    }

    /**
     * Destroys the connection of the client whose event is being handled (PHP {@code destoryCurrentClient});
     * only inside a worker.
     * @throws IllegalStateException outside a worker event handler
     */
    public CompletableFuture<Void> destroyCurrentClient() {
        return call(v -> null, "destoryCurrentClient");
    }

    /**
     * Whether the client_id is connected (asks only the gateway named in it).
     */
    public CompletableFuture<Boolean> isOnline(String clientId) {
        return call(v -> JavaShapes.integer(v) != 0, "isOnline", clientId);
    }

    /**
     * Binds a client to a uid (a client has at most one uid; binding replaces).
     */
    public CompletableFuture<Void> bindUid(String clientId, String uid) {
        return call(v -> null, "bindUid", clientId, uid);
    }

    /**
     * Unbinds a client from a uid.
     */
    public CompletableFuture<Void> unbindUid(String clientId, String uid) {
        return call(v -> null, "unbindUid", clientId, uid);
    }

    /**
     * Whether any client is bound to the uid.
     */
    public CompletableFuture<Boolean> isUidOnline(String uid) {
        return call(v -> JavaShapes.integer(v) != 0, "isUidOnline", uid);
    }

    /**
     * For each uid, whether any client is bound to it.
     */
    public CompletableFuture<Map<String, Boolean>> isUidsOnline(Collection<?> uids) {
        return call(v -> JavaShapes.map(v, x -> JavaShapes.integer(x) != 0), "isUidsOnline", uids);
    }

    /**
     * The client_ids bound to the uid, across all gateways.
     */
    public CompletableFuture<List<String>> getClientIdByUid(String uid) {
        return call(v -> JavaShapes.stringList(v), "getClientIdByUid", uid);
    }

    /**
     * The client_ids bound to each uid.
     */
    public CompletableFuture<Map<String, List<String>>> batchGetClientIdByUid(Collection<?> uids) {
        return call(v -> JavaShapes.map(v, JavaShapes::stringList), "batchGetClientIdByUid", uids);
    }

    /**
     * The uid a client is bound to, or null.
     */
    public CompletableFuture<String> getUidByClientId(String clientId) {
        return call(v -> JavaShapes.string(v), "getUidByClientId", clientId);
    }

    /**
     * Adds a client to a group.
     */
    public CompletableFuture<Void> joinGroup(String clientId, String group) {
        return call(v -> null, "joinGroup", clientId, group);
    }

    /**
     * Removes a client from a group.
     */
    public CompletableFuture<Void> leaveGroup(String clientId, String group) {
        return call(v -> null, "leaveGroup", clientId, group);
    }

    /**
     * Dissolves a group on every gateway.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public CompletableFuture<Void> ungroup(String group) {
        return call(JavaShapes::requireGroupAccepted, "ungroup", group);
    }

    /**
     * Number of clients in the group; {@code ""} counts every client.
     */
    public CompletableFuture<Long> getClientCountByGroup(String group) {
        return call(JavaShapes::integer, "getClientCountByGroup", group);
    }

    /**
     * Alias of {@code getClientCountByGroup}.
     */
    public CompletableFuture<Long> getClientIdCountByGroup(String group) {
        return call(JavaShapes::integer, "getClientIdCountByGroup", group);
    }

    /**
     * Number of clients in each group.
     */
    public CompletableFuture<Map<String, Long>> batchGetClientIdCountByGroup(Collection<?> groups) {
        return call(v -> JavaShapes.map(v, JavaShapes::integer), "batchGetClientIdCountByGroup", groups);
    }

    /**
     * Every client's session keyed by client_id (only the group's members when {@code group} is not empty).
     */
    public CompletableFuture<Map<String, Map<String, Object>>> getAllClientSessions() {
        return call(v -> JavaShapes.map(v, JavaShapes::session), "getAllClientSessions");
    }

    /**
     * Every client's session keyed by client_id (only the group's members when {@code group} is not empty).
     */
    public CompletableFuture<Map<String, Map<String, Object>>> getAllClientSessions(String group) {
        return call(v -> JavaShapes.map(v, JavaShapes::session), "getAllClientSessions", group);
    }

    /**
     * The sessions of the group's members keyed by client_id.
     */
    public CompletableFuture<Map<String, Map<String, Object>>> getClientSessionsByGroup(String group) {
        return call(v -> JavaShapes.map(v, JavaShapes::session), "getClientSessionsByGroup", group);
    }

    /**
     * Deprecated PHP alias of {@code getAllClientSessions}.
     * @deprecated use getAllClientSessions
     */
    @Deprecated
    public CompletableFuture<Map<String, Map<String, Object>>> getAllClientInfo() {
        return call(v -> JavaShapes.map(v, JavaShapes::session), "getAllClientInfo");
    }

    /**
     * Deprecated PHP alias of {@code getAllClientSessions(group)}.
     * @deprecated use getClientSessionsByGroup
     */
    @Deprecated
    public CompletableFuture<Map<String, Map<String, Object>>> getClientInfoByGroup(String group) {
        return call(v -> JavaShapes.map(v, JavaShapes::session), "getClientInfoByGroup", group);
    }

    /**
     * The client_ids in the group.
     */
    public CompletableFuture<Set<String>> getClientIdListByGroup(String group) {
        return call(v -> JavaShapes.keySet(v), "getClientIdListByGroup", group);
    }

    /**
     * Every connected client_id.
     */
    public CompletableFuture<Set<String>> getAllClientIdList() {
        return call(v -> JavaShapes.keySet(v), "getAllClientIdList");
    }

    /**
     * The uids bound to members of the group.
     */
    public CompletableFuture<Set<String>> getUidListByGroup(String group) {
        return call(v -> JavaShapes.keySet(v), "getUidListByGroup", group);
    }

    /**
     * Number of distinct uids in the group.
     */
    public CompletableFuture<Long> getUidCountByGroup(String group) {
        return call(JavaShapes::integer, "getUidCountByGroup", group);
    }

    /**
     * Number of connected clients.
     */
    public CompletableFuture<Long> getAllClientCount() {
        return call(JavaShapes::integer, "getAllClientCount");
    }

    /**
     * Alias of {@code getAllClientCount}.
     */
    public CompletableFuture<Long> getAllClientIdCount() {
        return call(JavaShapes::integer, "getAllClientIdCount");
    }

    /**
     * Every bound uid.
     */
    public CompletableFuture<Set<String>> getAllUidList() {
        return call(v -> JavaShapes.keySet(v), "getAllUidList");
    }

    /**
     * Number of bound uids.
     */
    public CompletableFuture<Long> getAllUidCount() {
        return call(JavaShapes::integer, "getAllUidCount");
    }

    /**
     * Every group with at least one member.
     */
    public CompletableFuture<Set<String>> getAllGroupIdList() {
        return call(v -> JavaShapes.keySet(v), "getAllGroupIdList");
    }

    /**
     * For each group, the uids of its members. Complete, unlike PHP, which stops scanning a gateway at the
     * first client without uid or groups (docs/PROTOCOL.md §9).
     */
    public CompletableFuture<Map<String, Set<String>>> getAllGroupUidList() {
        return call(v -> JavaShapes.map(v, JavaShapes::keySet), "getAllGroupUidList");
    }

    /**
     * For each group, the number of uids of its members.
     */
    public CompletableFuture<Map<String, Long>> getAllGroupUidCount() {
        return call(v -> JavaShapes.map(v, JavaShapes::integer), "getAllGroupUidCount");
    }

    /**
     * For each group, its members' client_ids. Complete, unlike PHP, which stops scanning a gateway at the
     * first client without groups (docs/PROTOCOL.md §9).
     */
    public CompletableFuture<Map<String, Set<String>>> getAllGroupClientIdList() {
        return call(v -> JavaShapes.map(v, JavaShapes::keySet), "getAllGroupClientIdList");
    }

    /**
     * For each group, its number of members.
     */
    public CompletableFuture<Map<String, Long>> getAllGroupClientIdCount() {
        return call(v -> JavaShapes.map(v, JavaShapes::integer), "getAllGroupClientIdCount");
    }

    /**
     * Replaces a client's session with {@code session} (PHP-serialized).
     */
    public CompletableFuture<Void> setSession(String clientId, Map<String, ?> session) {
        return call(v -> null, "setSession", clientId, session);
    }

    /**
     * Merges {@code session} into a client's session (PHP {@code array_replace_recursive} on the gateway).
     */
    public CompletableFuture<Void> updateSession(String clientId, Map<String, ?> session) {
        return call(v -> null, "updateSession", clientId, session);
    }

    /**
     * Sets a client's session to an already PHP-serialized string.
     */
    public CompletableFuture<Void> setSocketSession(String clientId, String serializedSession) {
        return call(v -> null, "setSocketSession", clientId, serializedSession);
    }

    /**
     * A client's session: string keys, PHP values (nested arrays are {@link io.gwkit.php.PhpArray}); empty when
     * it has none; null when the client is offline.
     */
    public CompletableFuture<Map<String, Object>> getSession(String clientId) {
        return call(v -> v == null ? null : JavaShapes.session(v), "getSession", clientId);
    }
}
