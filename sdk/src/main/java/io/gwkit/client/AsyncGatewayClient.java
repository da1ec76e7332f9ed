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

    private CompletableFuture<Object> invoke(String phpMethod, Object... args) {
        return api.invoke(phpMethod, Arrays.asList(args));
    }

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    public CompletableFuture<Void> sendToAll(String message) {
        return invoke("sendToAll", message).thenApply(v -> null);
    }

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    public CompletableFuture<Void> sendToAll(byte[] message) {
        return invoke("sendToAll", message).thenApply(v -> null);
    }

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    public CompletableFuture<Void> sendToAll(String message, Collection<String> clientIds, Collection<String> excludeClientIds, boolean raw) {
        return invoke("sendToAll", message, clientIds, excludeClientIds, raw).thenApply(v -> null);
    }

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    public CompletableFuture<Void> sendToAll(byte[] message, Collection<String> clientIds, Collection<String> excludeClientIds, boolean raw) {
        return invoke("sendToAll", message, clientIds, excludeClientIds, raw).thenApply(v -> null);
    }

    /**
     * Sends {@code message} to one client, straight to the gateway named in its client_id (offline ids are not
     * an error, as in PHP).
     */
    public CompletableFuture<Void> sendToClient(String clientId, String message) {
        return invoke("sendToClient", clientId, message).thenApply(v -> null);
    }

    /**
     * Sends {@code message} to one client, straight to the gateway named in its client_id (offline ids are not
     * an error, as in PHP).
     */
    public CompletableFuture<Void> sendToClient(String clientId, byte[] message) {
        return invoke("sendToClient", clientId, message).thenApply(v -> null);
    }

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    public CompletableFuture<Void> sendToUid(String uid, String message) {
        return invoke("sendToUid", uid, message).thenApply(v -> null);
    }

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    public CompletableFuture<Void> sendToUid(String uid, byte[] message) {
        return invoke("sendToUid", uid, message).thenApply(v -> null);
    }

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    public CompletableFuture<Void> sendToUid(Collection<?> uids, String message) {
        return invoke("sendToUid", uids, message).thenApply(v -> null);
    }

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    public CompletableFuture<Void> sendToUid(Collection<?> uids, byte[] message) {
        return invoke("sendToUid", uids, message).thenApply(v -> null);
    }

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public CompletableFuture<Void> sendToGroup(String group, String message) {
        return invoke("sendToGroup", group, message).thenApply(JavaShapes::requireGroupAccepted);
    }

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public CompletableFuture<Void> sendToGroup(String group, byte[] message) {
        return invoke("sendToGroup", group, message).thenApply(JavaShapes::requireGroupAccepted);
    }

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public CompletableFuture<Void> sendToGroup(Collection<?> groups, String message, Collection<String> excludeClientIds, boolean raw) {
        return invoke("sendToGroup", groups, message, excludeClientIds, raw).thenApply(JavaShapes::requireGroupAccepted);
    }

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public CompletableFuture<Void> sendToGroup(Collection<?> groups, byte[] message, Collection<String> excludeClientIds, boolean raw) {
        return invoke("sendToGroup", groups, message, excludeClientIds, raw).thenApply(JavaShapes::requireGroupAccepted);
    }

    /**
     * Closes a client's connection, sending {@code message} first when given.
     */
    public CompletableFuture<Void> closeClient(String clientId) {
        return invoke("closeClient", clientId).thenApply(v -> null);
    }

    /**
     * Closes a client's connection, sending {@code message} first when given.
     */
    public CompletableFuture<Void> closeClient(String clientId, String message) {
        return invoke("closeClient", clientId, message).thenApply(v -> null);
    }

    /**
     * Closes a client's connection, sending {@code message} first when given.
     */
    public CompletableFuture<Void> closeClient(String clientId, byte[] message) {
        return invoke("closeClient", clientId, message).thenApply(v -> null);
    }

    /**
     * Destroys a client's connection at once (PHP {@code destoryClient}).
     */
    public CompletableFuture<Void> destroyClient(String clientId) {
        return invoke("destoryClient", clientId).thenApply(v -> null);
    }

    /**
     * Destroys the connection of the client whose event is being handled (PHP {@code destoryCurrentClient});
     * only inside a worker.
     * @throws IllegalStateException outside a worker event handler
     */
    public CompletableFuture<Void> destroyCurrentClient() {
        return invoke("destoryCurrentClient").thenApply(v -> null);
    }

    /**
     * Whether the client_id is connected (asks only the gateway named in it).
     */
    public CompletableFuture<Boolean> isOnline(String clientId) {
        return invoke("isOnline", clientId).thenApply(v -> JavaShapes.integer(v) != 0);
    }

    /**
     * Binds a client to a uid (a client has at most one uid; binding replaces).
     */
    public CompletableFuture<Void> bindUid(String clientId, String uid) {
        return invoke("bindUid", clientId, uid).thenApply(v -> null);
    }

    /**
     * Unbinds a client from a uid.
     */
    public CompletableFuture<Void> unbindUid(String clientId, String uid) {
        return invoke("unbindUid", clientId, uid).thenApply(v -> null);
    }

    /**
     * Whether any client is bound to the uid.
     */
    public CompletableFuture<Boolean> isUidOnline(String uid) {
        return invoke("isUidOnline", uid).thenApply(v -> JavaShapes.integer(v) != 0);
    }

    /**
     * For each uid, whether any client is bound to it.
     */
    public CompletableFuture<Map<String, Boolean>> isUidsOnline(Collection<?> uids) {
        return invoke("isUidsOnline", uids).thenApply(v -> JavaShapes.map(v, x -> JavaShapes.integer(x) != 0));
    }

    /**
     * The client_ids bound to the uid, across all gateways.
     */
    public CompletableFuture<List<String>> getClientIdByUid(String uid) {
        return invoke("getClientIdByUid", uid).thenApply(v -> JavaShapes.stringList(v));
    }

    /**
     * The client_ids bound to each uid.
     */
    public CompletableFuture<Map<String, List<String>>> batchGetClientIdByUid(Collection<?> uids) {
        return invoke("batchGetClientIdByUid", uids).thenApply(v -> JavaShapes.map(v, JavaShapes::stringList));
    }

    /**
     * The uid a client is bound to, or null.
     */
    public CompletableFuture<String> getUidByClientId(String clientId) {
        return invoke("getUidByClientId", clientId).thenApply(v -> JavaShapes.string(v));
    }

    /**
     * Adds a client to a group.
     */
    public CompletableFuture<Void> joinGroup(String clientId, String group) {
        return invoke("joinGroup", clientId, group).thenApply(v -> null);
    }

    /**
     * Removes a client from a group.
     */
    public CompletableFuture<Void> leaveGroup(String clientId, String group) {
        return invoke("leaveGroup", clientId, group).thenApply(v -> null);
    }

    /**
     * Dissolves a group on every gateway.
     * @throws IllegalArgumentException for an empty group id (PHP returns false)
     */
    public CompletableFuture<Void> ungroup(String group) {
        return invoke("ungroup", group).thenApply(JavaShapes::requireGroupAccepted);
    }

    /**
     * Number of clients in the group; {@code ""} counts every client.
     */
    public CompletableFuture<Long> getClientCountByGroup(String group) {
        return invoke("getClientCountByGroup", group).thenApply(JavaShapes::integer);
    }

    /**
     * Alias of {@code getClientCountByGroup}.
     */
    public CompletableFuture<Long> getClientIdCountByGroup(String group) {
        return invoke("getClientIdCountByGroup", group).thenApply(JavaShapes::integer);
    }

    /**
     * Number of clients in each group.
     */
    public CompletableFuture<Map<String, Long>> batchGetClientIdCountByGroup(Collection<?> groups) {
        return invoke("batchGetClientIdCountByGroup", groups).thenApply(v -> JavaShapes.map(v, JavaShapes::integer));
    }

    /**
     * Every client's session keyed by client_id (only the group's members when {@code group} is not empty).
     */
    public CompletableFuture<Map<String, Map<String, Object>>> getAllClientSessions() {
        return invoke("getAllClientSessions").thenApply(v -> JavaShapes.map(v, JavaShapes::session));
    }

    /**
     * Every client's session keyed by client_id (only the group's members when {@code group} is not empty).
     */
    public CompletableFuture<Map<String, Map<String, Object>>> getAllClientSessions(String group) {
        return invoke("getAllClientSessions", group).thenApply(v -> JavaShapes.map(v, JavaShapes::session));
    }

    /**
     * The sessions of the group's members keyed by client_id.
     */
    public CompletableFuture<Map<String, Map<String, Object>>> getClientSessionsByGroup(String group) {
        return invoke("getClientSessionsByGroup", group).thenApply(v -> JavaShapes.map(v, JavaShapes::session));
    }

    /**
     * Deprecated PHP alias of {@code getAllClientSessions}.
     * @deprecated use getAllClientSessions
     */
    @Deprecated
    public CompletableFuture<Map<String, Map<String, Object>>> getAllClientInfo() {
        return invoke("getAllClientInfo").thenApply(v -> JavaShapes.map(v, JavaShapes::session));
    }

    /**
     * Deprecated PHP alias of {@code getAllClientSessions(group)}.
     * @deprecated use getClientSessionsByGroup
     */
    @Deprecated
    public CompletableFuture<Map<String, Map<String, Object>>> getClientInfoByGroup(String group) {
        return invoke("getClientInfoByGroup", group).thenApply(v -> JavaShapes.map(v, JavaShapes::session));
    }

    /**
     * The client_ids in the group.
     */
    public CompletableFuture<Set<String>> getClientIdListByGroup(String group) {
        return invoke("getClientIdListByGroup", group).thenApply(v -> JavaShapes.keySet(v));
    }

    /**
     * Every connected client_id.
     */
    public CompletableFuture<Set<String>> getAllClientIdList() {
        return invoke("getAllClientIdList").thenApply(v -> JavaShapes.keySet(v));
    }

    /**
     * The uids bound to members of the group.
     */
    public CompletableFuture<Set<String>> getUidListByGroup(String group) {
        return invoke("getUidListByGroup", group).thenApply(v -> JavaShapes.keySet(v));
    }

    /**
     * Number of distinct uids in the group.
     */
    public CompletableFuture<Long> getUidCountByGroup(String group) {
        return invoke("getUidCountByGroup", group).thenApply(JavaShapes::integer);
    }

    /**
     * Number of connected clients.
     */
    public CompletableFuture<Long> getAllClientCount() {
        return invoke("getAllClientCount").thenApply(JavaShapes::integer);
    }

    /**
     * Alias of {@code getAllClientCount}.
     */
    public CompletableFuture<Long> getAllClientIdCount() {
        return invoke("getAllClientIdCount").thenApply(JavaShapes::integer);
    }

    /**
     * Every bound uid.
     */
    public CompletableFuture<Set<String>> getAllUidList() {
        return invoke("getAllUidList").thenApply(v -> JavaShapes.keySet(v));
    }

    /**
     * Number of bound uids.
     */
    public CompletableFuture<Long> getAllUidCount() {
        return invoke("getAllUidCount").thenApply(JavaShapes::integer);
    }

    /**
     * Every group with at least one member.
     */
    public CompletableFuture<Set<String>> getAllGroupIdList() {
        return invoke("getAllGroupIdList").thenApply(v -> JavaShapes.keySet(v));
    }

    /**
     * For each group, the uids of its members. Complete, unlike PHP, which stops scanning a gateway at the
     * first client without uid or groups (PROTOCOL.md §9).
     */
    public CompletableFuture<Map<String, Set<String>>> getAllGroupUidList() {
        return invoke("getAllGroupUidList").thenApply(v -> JavaShapes.map(v, JavaShapes::keySet));
    }

    /**
     * For each group, the number of uids of its members.
     */
    public CompletableFuture<Map<String, Long>> getAllGroupUidCount() {
        return invoke("getAllGroupUidCount").thenApply(v -> JavaShapes.map(v, JavaShapes::integer));
    }

    /**
     * For each group, its members' client_ids. Complete, unlike PHP, which stops scanning a gateway at the
     * first client without groups (PROTOCOL.md §9).
     */
    public CompletableFuture<Map<String, Set<String>>> getAllGroupClientIdList() {
        return invoke("getAllGroupClientIdList").thenApply(v -> JavaShapes.map(v, JavaShapes::keySet));
    }

    /**
     * For each group, its number of members.
     */
    public CompletableFuture<Map<String, Long>> getAllGroupClientIdCount() {
        return invoke("getAllGroupClientIdCount").thenApply(v -> JavaShapes.map(v, JavaShapes::integer));
    }

    /**
     * Replaces a client's session with {@code session} (PHP-serialized).
     */
    public CompletableFuture<Void> setSession(String clientId, Map<String, ?> session) {
        return invoke("setSession", clientId, session).thenApply(v -> null);
    }

    /**
     * Merges {@code session} into a client's session (PHP {@code array_replace_recursive} on the gateway).
     */
    public CompletableFuture<Void> updateSession(String clientId, Map<String, ?> session) {
        return invoke("updateSession", clientId, session).thenApply(v -> null);
    }

    /**
     * Sets a client's session to an already PHP-serialized string.
     */
    public CompletableFuture<Void> setSocketSession(String clientId, String serializedSession) {
        return invoke("setSocketSession", clientId, serializedSession).thenApply(v -> null);
    }

    /**
     * A client's session: string keys, PHP values (nested arrays are {@link io.gwkit.php.PhpArray}); empty when
     * it has none; null when the client is offline.
     */
    public CompletableFuture<Map<String, Object>> getSession(String clientId) {
        return invoke("getSession", clientId).thenApply(v -> v == null ? null : JavaShapes.session(v));
    }
}
