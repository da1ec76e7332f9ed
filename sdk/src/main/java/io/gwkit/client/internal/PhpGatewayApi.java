package io.gwkit.client.internal;

import io.gwkit.protocol.GatewayRequests;
import io.gwkit.php.PhpValues;
import io.gwkit.client.GatewayTransport;
import io.gwkit.client.CallListener;
import io.gwkit.client.GatewayClientException;
import io.gwkit.client.GatewayProtocolException;
import io.gwkit.client.PhpMethod;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.php.PhpSerializeException;
import io.gwkit.php.PhpSerializer;
import io.gwkit.php.PhpStrings;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.InvalidClientIdException;
import io.gwkit.protocol.Ipv4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every GatewayClient operation, once, asynchronously, in PHP's terms: PHP values in, exactly the PHP
 * value PHP's {@code GatewayClient\Gateway} returns out. Routing follows PHP: calls aimed at one
 * client_id go to the gateway named in it, {@code sendToAll} with a client_id list likewise, everything
 * else asks the transport for the gateway list and fans out in parallel; replies are merged in PHP's
 * order (by gateway ip, then by the register's address order).
 *
 * <p>One deliberate difference: {@code getAllGroupUidList} / {@code getAllGroupClientIdList} return the
 * complete answer where PHP stops scanning a gateway's reply at the first client without uid/groups.
 */
public final class PhpGatewayApi {

    private static final Logger log = LoggerFactory.getLogger(PhpGatewayApi.class);
    private static final byte[] EMPTY = new byte[0];
    private static final Map<Long, String> ADDRESSES = new java.util.concurrent.ConcurrentHashMap<>();

    private final GatewayTransport transport;
    private final boolean bestEffort;
    private final PhpSerializer.Limits limits;
    private final CallListener listener;

    public PhpGatewayApi(GatewayTransport transport, boolean bestEffortFanOut, PhpSerializer.Limits limits) {
        this(transport, bestEffortFanOut, limits, CallListener.NONE);
    }

    public PhpGatewayApi(GatewayTransport transport, boolean bestEffortFanOut, PhpSerializer.Limits limits,
            CallListener listener) {
        this.transport = transport;
        this.bestEffort = bestEffortFanOut;
        this.limits = limits;
        this.listener = listener;
    }

    public GatewayTransport transport() {
        return transport;
    }

    /**
     * Runs PHP method {@code method} (case-insensitive, as in PHP) with PHP arguments (Java values are
     * normalised: Integer → Long, List/Map → PhpArray, byte[] → string). Missing trailing optional
     * arguments take PHP's defaults; extra arguments are ignored, as PHP ignores them.
     * Failures come as a failed future: {@link GatewayClientException} subtypes naming this method,
     * {@link InvalidClientIdException}, or {@link IllegalArgumentException} for unknown methods / bad arguments.
     */
    public CompletableFuture<Object> invoke(String method, List<?> args) {
        PhpMethod m = PhpMethod.find(method);
        if (m == null) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("unknown GatewayClient method: " + method));
        }
        return invoke(m, args, Function.identity());
    }

    /**
     * Runs {@code method} with PHP arguments, then {@code toJava} on the PHP result, in one stage; the
     * {@link CallListener} hears of it when it completes.
     */
    public <T> CompletableFuture<T> invoke(PhpMethod method, List<?> args, Function<Object, T> toJava) {
        long start = System.nanoTime();
        CompletableFuture<Object> result;
        try {
            List<Object> php = new ArrayList<>(args.size());
            for (Object a : args) {
                php.add(PhpValues.normalize(a));
            }
            result = PhpMethods.call(method, this, php);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        String name = method.phpName();
        return result.handle((v, e) -> {
            Throwable cause = e == null ? null : unwrap(e);
            if (cause instanceof GatewayClientException && !name.equals(((GatewayClientException) cause).operation())) {
                cause = ((GatewayClientException) cause).withOperation(name);
            }
            T converted = null;
            if (cause == null) {
                try {
                    converted = toJava.apply(v);
                } catch (RuntimeException conversion) {
                    cause = conversion;
                }
            }
            report(method, System.nanoTime() - start, cause);
            if (cause == null) {
                return converted;
            }
            throw cause instanceof RuntimeException ? (RuntimeException) cause : new CompletionException(cause);
        });
    }

    private void report(PhpMethod method, long nanos, Throwable failure) {
        try {
            listener.callCompleted(method, nanos, failure);
        } catch (RuntimeException e) {
            log.warn("CallListener failed for {}: {}", method, e.toString());
        }
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    // ---------------------------------------------------------------- sends

    CompletableFuture<Object> sendToAll(Object message, Object clientIdArray, Object exclude, Object raw) {
        boolean isRaw = !PhpValues.isEmpty(raw);
        Object excluded = exclude;
        if (!PhpValues.isEmpty(excluded)) {
            if (!PhpValues.isArray(excluded)) {
                excluded = PhpArray.listOf(excluded);
            }
            if (!PhpValues.isEmpty(clientIdArray)) {
                excluded = flip((PhpArray) excluded);
            }
        }
        if (!PhpValues.isEmpty(clientIdArray)) {
            if (!PhpValues.isArray(clientIdArray)) {
                log.warn("sendToAll: bad $client_id_array: {}", clientIdArray);
                return CompletableFuture.completedFuture(null);
            }
            Map<String, PhpArray> byGateway = new LinkedHashMap<>();
            for (Object cid : ((PhpArray) clientIdArray).values()) {
                if (excluded instanceof PhpArray && PhpValues.isScalar(cid) && ((PhpArray) excluded).get(cid) != null) {
                    continue;
                }
                ClientId id = clientId(cid);
                byGateway.computeIfAbsent(address(id), a -> new PhpArray()).put(id.connectionId(), id.connectionId());
            }
            Map<String, GatewayFrame> frames = new LinkedHashMap<>();
            byGateway.forEach((address, connections) -> frames.put(address,
                    GatewayRequests.frame(Command.SEND_TO_ALL, 0, isRaw, GatewayRequests.json(map("connections", connections)),
                            message)));
            return sendEach(frames).thenApply(v -> null);
        }
        if (PhpValues.isArray(clientIdArray)) {
            return CompletableFuture.completedFuture(null);
        }
        if (PhpValues.isEmpty(excluded)) {
            return sendToAllGateways(GatewayRequests.frame(Command.SEND_TO_ALL, 0, isRaw, EMPTY,
                    message)).thenApply(v -> null);
        }
        Map<String, PhpArray> exclusions = connectionsByGateway((PhpArray) excluded);
        return transport.gatewayAddresses().thenCompose(addresses -> {
            Map<String, GatewayFrame> frames = new LinkedHashMap<>();
            for (String address : addresses) {
                PhpArray mine = exclusions.get(address);
                frames.put(address, GatewayRequests.frame(Command.SEND_TO_ALL, 0, isRaw,
                        mine == null ? EMPTY : GatewayRequests.json(map("exclude", mine)), message));
            }
            return sendEach(frames);
        }).thenApply(v -> null);
    }

    CompletableFuture<Object> sendToClient(Object clientId, Object message) {
        return sendToClientCommand(clientId, Command.SEND_TO_ONE, message, null);
    }

    CompletableFuture<Object> sendToUid(Object uid, Object message) {
        Object uids = PhpValues.isArray(uid) ? uid : PhpArray.listOf(uid);
        return sendToAllGateways(GatewayRequests.frame(Command.SEND_TO_UID, 0, false, GatewayRequests.json(uids), message))
                .thenApply(v -> null);
    }

    CompletableFuture<Object> sendToGroup(Object group, Object message, Object exclude, Object raw) {
        if (!validGroupId("sendToGroup", group)) {
            return CompletableFuture.completedFuture(Boolean.FALSE);
        }
        boolean isRaw = !PhpValues.isEmpty(raw);
        Object groups = PhpValues.isArray(group) ? group : PhpArray.listOf(group);
        PhpArray defaultExt = map("group", groups);
        defaultExt.put("exclude", null);
        byte[] defaultExtBytes = GatewayRequests.json(defaultExt);
        if (PhpValues.isEmpty(exclude)) {
            return sendToAllGateways(GatewayRequests.frame(Command.SEND_TO_GROUP, 0, isRaw, defaultExtBytes, message))
                    .thenApply(v -> null);
        }
        PhpArray excluded = PhpValues.isArray(exclude) ? (PhpArray) exclude : PhpArray.listOf(exclude);
        Map<String, PhpArray> exclusions = connectionsByGateway(excluded);
        return transport.gatewayAddresses().thenCompose(addresses -> {
            Map<String, GatewayFrame> frames = new LinkedHashMap<>();
            for (String address : addresses) {
                PhpArray mine = exclusions.get(address);
                byte[] ext = defaultExtBytes;
                if (mine != null) {
                    PhpArray e = map("group", groups);
                    e.put("exclude", mine);
                    ext = GatewayRequests.json(e);
                }
                frames.put(address, GatewayRequests.frame(Command.SEND_TO_GROUP, 0, isRaw, ext, message));
            }
            return sendEach(frames);
        }).thenApply(v -> null);
    }

    CompletableFuture<Object> closeClient(Object clientId, Object message) {
        ClientId id = clientId(clientId);
        return send(address(id), GatewayRequests.frame(Command.KICK, id.connectionId(), false, EMPTY, message))
                .thenApply(v -> Boolean.TRUE);
    }

    CompletableFuture<Object> destroyClient(Object clientId) {
        if (clientId != null && clientId.equals(transport.currentClientId())) {
            return destroyCurrentClient();
        }
        ClientId id = clientId(clientId);
        return send(address(id), GatewayRequests.frame(Command.DESTROY, id.connectionId(), EMPTY))
                .thenApply(v -> Boolean.TRUE);
    }

    CompletableFuture<Object> destroyCurrentClient() {
        String current = transport.currentClientId();
        if (current == null) {
            throw new IllegalStateException("destoryCurrentClient can not be called in async context");
        }
        ClientId id = clientId(current);
        return send(address(id), GatewayRequests.frame(Command.DESTROY, id.connectionId(), EMPTY))
                .thenApply(v -> Boolean.TRUE);
    }

    CompletableFuture<Object> clientCommand(Object clientId, Command cmd, Object extData) {
        return sendToClientCommand(clientId, cmd, "", extData).thenApply(v -> null);
    }

    CompletableFuture<Object> ungroup(Object group) {
        if (!validGroupId("ungroup", group)) {
            return CompletableFuture.completedFuture(Boolean.FALSE);
        }
        return sendToAllGateways(GatewayRequests.frame(Command.UNGROUP, 0, PhpValues.stringBytes(group, "group")))
                .thenApply(v -> null);
    }

    CompletableFuture<Object> setSocketSession(Object clientId, Object sessionString) {
        return sendToClientCommand(clientId, Command.SET_SESSION, "", sessionString);
    }

    CompletableFuture<Object> setSession(Object clientId, Object session) {
        requireArray("setSession", 2, session);
        return setSocketSession(clientId, PhpStrings.fromBytes(PhpSerializer.serialize(session))).thenApply(v -> null);
    }

    CompletableFuture<Object> updateSession(Object clientId, Object session) {
        requireArray("updateSession", 2, session);
        return sendToClientCommand(clientId, Command.UPDATE_SESSION, "",
                PhpStrings.fromBytes(PhpSerializer.serialize(session))).thenApply(v -> null);
    }

    private CompletableFuture<Object> sendToClientCommand(Object clientId, Command cmd, Object message,
            Object extData) {
        ClientId id = clientId(clientId == null ? transport.currentClientId() : clientId);
        byte[] ext = PhpValues.isEmpty(extData) ? EMPTY : PhpValues.stringBytes(extData, "ext_data");
        return send(address(id), GatewayRequests.frame(cmd, id.connectionId(), false, ext, message))
                .thenApply(v -> Boolean.TRUE);
    }

    // ---------------------------------------------------------------- queries

    CompletableFuture<Object> isOnline(Object clientId) {
        ClientId id = clientId(clientId);
        return requestValue(address(id), GatewayRequests.frame(Command.IS_ONLINE, id.connectionId(), EMPTY))
                .thenApply(v -> (Object) PhpValues.toInt(v));
    }

    CompletableFuture<Object> getSession(Object clientId) {
        ClientId id = clientId(clientId);
        return requestValue(address(id),
                GatewayRequests.frame(Command.GET_SESSION_BY_CLIENT_ID, id.connectionId(), EMPTY));
    }

    CompletableFuture<Object> isUidOnline(Object uid) {
        return getClientIdByUid(uid).thenApply(list -> (Object) PhpValues.toInt(list));
    }

    CompletableFuture<Object> isUidsOnline(Object uids) {
        return batchGetClientIdByUid(uids).thenApply(result -> {
            PhpArray out = new PhpArray();
            ((PhpArray) result).forEach((uid, ids) -> out.put(uid, PhpValues.toInt(ids)));
            return out;
        });
    }

    CompletableFuture<Object> getAllClientSessions(Object group) {
        GatewayFrame frame = PhpValues.isEmpty(group)
                ? GatewayRequests.frame(Command.GET_ALL_CLIENT_SESSIONS, 0, EMPTY)
                : GatewayRequests.frame(Command.GET_CLIENT_SESSIONS_BY_GROUP, 0, PhpValues.stringBytes(group, "group"));
        return requestAll(frame).thenApply(answers -> {
            PhpArray sessions = new PhpArray();
            for (Answer a : answers) {
                if (PhpValues.isEmpty(a.value) || !(a.value instanceof PhpArray)) {
                    continue;
                }
                ((PhpArray) a.value).forEach((connectionId, session) -> sessions.put(a.clientId(connectionId),
                        PhpValues.isEmpty(session) ? new PhpArray() : decodeSession(session)));
            }
            return sessions;
        });
    }

    CompletableFuture<Object> deprecatedSessions(String method, Object group) {
        log.warn("Gateway::{} is deprecated and will be removed in a future, please use Gateway::{} instead.",
                method, "getAllClientInfo".equals(method) ? "getAllClientSessions" : "getClientSessionsByGroup");
        return getAllClientSessions(group);
    }

    CompletableFuture<Object> getClientSessionsByGroup(Object group) {
        if (!validGroupId("getClientSessionsByGroup", group)) {
            return CompletableFuture.completedFuture(new PhpArray());
        }
        return getAllClientSessions(group);
    }

    CompletableFuture<Object> getClientIdCountByGroup(Object group) {
        GatewayFrame frame = GatewayRequests.frame(Command.GET_CLIENT_COUNT_BY_GROUP, 0, PhpValues.stringBytes(group,
                "group"));
        return requestAll(frame).thenApply(answers -> {
            long total = 0;
            for (Answer a : answers) {
                if (!PhpValues.isEmpty(a.value)) {
                    total += PhpValues.toInt(a.value);
                }
            }
            return total;
        });
    }

    CompletableFuture<Object> batchGetClientIdCountByGroup(Object groups) {
        requireArray("batchGetClientIdCountByGroup", 1, groups);
        GatewayFrame frame = GatewayRequests.frame(Command.BATCH_GET_CLIENT_COUNT_BY_GROUP, 0, GatewayRequests.json(groups));
        return requestAll(frame).thenApply(answers -> {
            PhpArray counts = new PhpArray();
            for (Answer a : answers) {
                if (a.value instanceof PhpArray) {
                    ((PhpArray) a.value).forEach((group, count) -> {
                        Object before = counts.get(group);
                        counts.put(group, (before == null ? 0 : PhpValues.toInt(before)) + PhpValues.toInt(count));
                    });
                }
            }
            return counts;
        });
    }

    CompletableFuture<Object> getClientIdListByGroup(Object group) {
        if (!validGroupId("getClientIdListByGroup", group)) {
            return CompletableFuture.completedFuture(new PhpArray());
        }
        return select(PhpArray.listOf("uid"), groupsWhere(group)).thenApply(PhpGatewayApi::clientIdMap);
    }

    CompletableFuture<Object> getAllClientIdList() {
        return select(PhpArray.listOf("uid"), new PhpArray()).thenApply(PhpGatewayApi::clientIdMap);
    }

    CompletableFuture<Object> getClientIdByUid(Object uid) {
        GatewayFrame frame = GatewayRequests.frame(Command.GET_CLIENT_ID_BY_UID, 0, PhpValues.stringBytes(uid, "uid"));
        return requestAll(frame).thenApply(answers -> {
            PhpArray list = new PhpArray();
            for (Answer a : answers) {
                if (a.value instanceof PhpArray) {
                    for (Object connectionId : ((PhpArray) a.value).values()) {
                        list.append(a.clientId(connectionId));
                    }
                }
            }
            return list;
        });
    }

    CompletableFuture<Object> batchGetClientIdByUid(Object uids) {
        GatewayFrame frame = GatewayRequests.frame(Command.BATCH_GET_CLIENT_ID_BY_UID, 0, GatewayRequests.json(uids));
        return requestAll(frame).thenApply(answers -> {
            PhpArray byUid = new PhpArray();
            for (Answer a : answers) {
                if (!(a.value instanceof PhpArray)) {
                    continue;
                }
                ((PhpArray) a.value).forEach((uid, connectionIds) -> {
                    PhpArray list = (PhpArray) byUid.computeIfAbsent(uid, k -> new PhpArray());
                    if (connectionIds instanceof PhpArray) {
                        for (Object connectionId : ((PhpArray) connectionIds).values()) {
                            list.append(a.clientId(connectionId));
                        }
                    }
                });
            }
            return byUid;
        });
    }

    CompletableFuture<Object> getUidListByGroup(Object group) {
        if (!validGroupId("getUidListByGroup", group)) {
            return CompletableFuture.completedFuture(new PhpArray());
        }
        return select(PhpArray.listOf("uid"), groupsWhere(group)).thenApply(PhpGatewayApi::uidMap);
    }

    CompletableFuture<Object> getUidCountByGroup(Object group) {
        if (!validGroupId("getUidCountByGroup", group)) {
            return CompletableFuture.completedFuture(0L);
        }
        return getUidListByGroup(group).thenApply(list -> (long) ((PhpArray) list).size());
    }

    CompletableFuture<Object> getAllUidList() {
        return select(PhpArray.listOf("uid"), new PhpArray()).thenApply(PhpGatewayApi::uidMap);
    }

    CompletableFuture<Object> getAllUidCount() {
        return getAllUidList().thenApply(list -> (long) ((PhpArray) list).size());
    }

    CompletableFuture<Object> getUidByClientId(Object clientId) {
        ClientId id = clientId(clientId);
        PhpArray connections = new PhpArray();
        connections.put(id.connectionId(), id.connectionId());
        PhpArray ext = map("fields", PhpArray.listOf("uid"));
        ext.put("where", map("connection_id", connections));
        Map<String, GatewayFrame> frames = Map.of(address(id),
                GatewayRequests.frame(Command.SELECT, 0, GatewayRequests.json(ext)));
        return requestEach(frames).thenApply(answers -> {
            for (Answer a : answers) {
                if (a.value instanceof PhpArray) {
                    for (Object info : ((PhpArray) a.value).values()) {
                        return info instanceof PhpArray ? ((PhpArray) info).get("uid") : null;
                    }
                }
            }
            return null;
        });
    }

    CompletableFuture<Object> getAllGroupIdList() {
        return requestAll(GatewayRequests.frame(Command.GET_GROUP_ID_LIST, 0, EMPTY)).thenApply(answers -> {
            PhpArray groups = new PhpArray();
            for (Answer a : answers) {
                if (a.value instanceof PhpArray) {
                    for (Object group : ((PhpArray) a.value).values()) {
                        if (PhpValues.isScalar(group) && groups.get(group) == null) {
                            groups.put(group, group);
                        }
                    }
                }
            }
            return groups;
        });
    }

    CompletableFuture<Object> getAllGroupUidList() {
        return select(PhpArray.listOf("uid", "groups"), new PhpArray()).thenApply(answers -> {
            PhpArray byGroup = new PhpArray();
            forEachInfo(answers, (a, connectionId, info) -> {
                Object uid = info.get("uid");
                Object groups = info.get("groups");
                // PHP breaks out of the gateway's reply here; the complete answer continues (docs/PROTOCOL.md §9).
                if (PhpValues.isEmpty(uid) || PhpValues.isEmpty(groups) || !(groups instanceof PhpArray)
                        || !PhpValues.isScalar(uid)) {
                    return;
                }
                for (Object group : ((PhpArray) groups).values()) {
                    ((PhpArray) byGroup.computeIfAbsent(group, k -> new PhpArray())).put(uid, uid);
                }
            });
            return byGroup;
        });
    }

    CompletableFuture<Object> getAllGroupClientIdList() {
        return select(PhpArray.listOf("groups"), new PhpArray()).thenApply(answers -> {
            PhpArray byGroup = new PhpArray();
            forEachInfo(answers, (a, connectionId, info) -> {
                Object groups = info.get("groups");
                if (PhpValues.isEmpty(groups) || !(groups instanceof PhpArray)) {
                    return;
                }
                String clientId = a.clientId(connectionId);
                for (Object group : ((PhpArray) groups).values()) {
                    ((PhpArray) byGroup.computeIfAbsent(group, k -> new PhpArray())).put(clientId, clientId);
                }
            });
            return byGroup;
        });
    }

    static Object counts(Object groupMap) {
        PhpArray counts = new PhpArray();
        ((PhpArray) groupMap).forEach((group, members) -> counts.put(group, (long) ((PhpArray) members).size()));
        return counts;
    }

    // ---------------------------------------------------------------- helpers

    private interface InfoVisitor {
        void visit(Answer answer, Object connectionId, PhpArray info);
    }

    private static void forEachInfo(List<Answer> answers, InfoVisitor visitor) {
        for (Answer a : answers) {
            if (a.value instanceof PhpArray) {
                ((PhpArray) a.value).forEach((connectionId, info) -> {
                    if (info instanceof PhpArray) {
                        visitor.visit(a, connectionId, (PhpArray) info);
                    }
                });
            }
        }
    }

    private static Object clientIdMap(List<Answer> answers) {
        PhpArray ids = new PhpArray();
        for (Answer a : answers) {
            if (a.value instanceof PhpArray) {
                for (Object connectionId : ((PhpArray) a.value).keySet()) {
                    String id = a.clientId(connectionId);
                    ids.put(id, id);
                }
            }
        }
        return ids;
    }

    private static Object uidMap(List<Answer> answers) {
        PhpArray uids = new PhpArray();
        forEachInfo(answers, (a, connectionId, info) -> {
            Object uid = info.get("uid");
            if (!PhpValues.isEmpty(uid) && PhpValues.isScalar(uid)) {
                uids.put(uid, uid);
            }
        });
        return uids;
    }

    private static PhpArray groupsWhere(Object group) {
        return map("groups", PhpValues.isArray(group) ? group : PhpArray.listOf(group));
    }

    private CompletableFuture<List<Answer>> select(PhpArray fields, PhpArray where) {
        PhpArray ext = map("fields", fields);
        ext.put("where", where);
        return requestAll(GatewayRequests.frame(Command.SELECT, 0, GatewayRequests.json(ext)));
    }

    private Object decodeSession(Object session) {
        try {
            return PhpSerializer.unserialize(PhpBytes.bytesOf(session), limits);
        } catch (PhpSerializeException | IllegalArgumentException e) {
            return Boolean.FALSE; // what PHP's unserialize() gives for bytes it cannot decode
        }
    }

    private static boolean validGroupId(String method, Object group) {
        if (PhpValues.isEmpty(group)) {
            log.warn("{}: group({}) empty", method, group instanceof String ? "'" + group + "'" : group);
            return false;
        }
        return true;
    }

    private static void requireArray(String method, int position, Object value) {
        if (!PhpValues.isArray(value)) {
            throw new IllegalArgumentException(method + "(): Argument #" + position + " must be of type array, "
                    + (value == null ? "null" : value.getClass().getSimpleName()) + " given");
        }
    }

    static ClientId clientId(Object clientId) {
        if (clientId instanceof String) {
            return ClientId.parse((String) clientId);
        }
        if (clientId == null) {
            throw new InvalidClientIdException("client_id is null");
        }
        if (PhpValues.isScalar(clientId)) {
            return ClientId.parse(PhpValues.toPhpString(clientId));
        }
        throw new InvalidClientIdException("client_id must be a string, got an array");
    }

    private static PhpArray flip(PhpArray values) {
        PhpArray flipped = new PhpArray();
        values.forEach((k, v) -> {
            if (v instanceof String || v instanceof Long || v instanceof PhpBytes) {
                flipped.put(v, k);
            }
        });
        return flipped;
    }

    /** The gateway address of a client_id; cached, as the same few gateways come up on every call. */
    private static String address(ClientId id) {
        long key = id.localIp() << 16 | id.localPort();
        String a = ADDRESSES.get(key);
        if (a == null) {
            a = id.gatewayAddress();
            if (ADDRESSES.size() < 4096) {
                ADDRESSES.put(key, a);
            }
        }
        return a;
    }

    private static Map<String, PhpArray> connectionsByGateway(PhpArray clientIds) {
        Map<String, PhpArray> byGateway = new LinkedHashMap<>();
        for (Object cid : clientIds.values()) {
            ClientId id = clientId(cid);
            byGateway.computeIfAbsent(address(id), a -> new PhpArray()).put(id.connectionId(), id.connectionId());
        }
        return byGateway;
    }

    private static PhpArray map(String key, Object value) {
        PhpArray a = new PhpArray();
        a.put(key, value);
        return a;
    }

    // ---------------------------------------------------------------- dispatch

    private CompletableFuture<Void> send(String address, GatewayFrame frame) {
        return transport.send(address, frame);
    }

    private CompletableFuture<Void> sendToAllGateways(GatewayFrame frame) {
        return transport.gatewayAddresses().thenCompose(addresses -> {
            Map<String, GatewayFrame> frames = new LinkedHashMap<>();
            for (String address : addresses) {
                frames.put(address, frame);
            }
            return sendEach(frames);
        });
    }

    private CompletableFuture<Void> sendEach(Map<String, GatewayFrame> frames) {
        List<CompletableFuture<Void>> sends = new ArrayList<>(frames.size());
        frames.forEach((address, frame) -> sends.add(bestEffort
                ? transport.send(address, frame).exceptionally(e -> {
                    log.warn("best-effort fan-out: skipping gateway {}: {}", address, unwrap(e).getMessage());
                    return null;
                })
                : transport.send(address, frame)));
        return firstFailureInOrder(sends).thenApply(x -> null);
    }

    private CompletableFuture<Object> requestValue(String address, GatewayFrame frame) {
        return transport.request(address, frame).thenApply(bytes -> unserializeReply(address, frame, bytes));
    }

    private Object unserializeReply(String address, GatewayFrame frame, byte[] bytes) {
        try {
            return PhpSerializer.unserialize(bytes, limits);
        } catch (PhpSerializeException e) {
            throw new GatewayProtocolException(null, address, "undecodable reply to " + frame.command()
                    + " from gateway " + address + ": " + e.getMessage(), e);
        }
    }

    private CompletableFuture<List<Answer>> requestAll(GatewayFrame frame) {
        return transport.gatewayAddresses().thenCompose(addresses -> {
            Map<String, GatewayFrame> frames = new LinkedHashMap<>();
            for (String address : addresses) {
                frames.put(address, frame);
            }
            return requestEach(frames);
        });
    }

    private CompletableFuture<List<Answer>> requestEach(Map<String, GatewayFrame> frames) {
        List<String> addresses = new ArrayList<>(frames.keySet());
        List<CompletableFuture<Answer>> replies = new ArrayList<>(frames.size());
        for (String address : addresses) {
            CompletableFuture<Answer> reply = requestValue(address, frames.get(address))
                    .thenApply(value -> new Answer(address, value));
            if (bestEffort) {
                reply = reply.exceptionally(e -> {
                    log.warn("best-effort fan-out: skipping gateway {}: {}", address, unwrap(e).getMessage());
                    return null;
                });
            }
            replies.add(reply);
        }
        return firstFailureInOrder(replies).thenApply(PhpGatewayApi::phpOrder);
    }

    /** Waits for all; fails with the failure of the first future (in list order) that failed. */
    private static <T> CompletableFuture<List<T>> firstFailureInOrder(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).handle((v, e) -> {
            List<T> results = new ArrayList<>(futures.size());
            for (CompletableFuture<T> f : futures) {
                results.add(f.join()); // throws the first failure in list order
            }
            return results;
        });
    }

    /** PHP merges replies grouped by gateway ip (first seen first), then in address order within an ip. */
    private static List<Answer> phpOrder(List<Answer> answers) {
        Map<Long, List<Answer>> byIp = new LinkedHashMap<>();
        for (Answer a : answers) {
            if (a != null) {
                byIp.computeIfAbsent(a.ip, k -> new ArrayList<>()).add(a);
            }
        }
        List<Answer> ordered = new ArrayList<>(answers.size());
        byIp.values().forEach(ordered::addAll);
        return ordered;
    }

    /** One gateway's decoded reply. */
    static final class Answer {
        final String address;
        final long ip;
        final int port;
        final Object value;

        Answer(String address, Object value) {
            this.address = address;
            this.value = value;
            int colon = address.lastIndexOf(':');
            long parsedIp;
            try {
                parsedIp = Ipv4.parse(address.substring(0, Math.max(colon, 0)));
            } catch (IllegalArgumentException notDotted) {
                parsedIp = 0; // PHP's ip2long gives false, packed as 0
            }
            this.ip = parsedIp;
            this.port = colon < 0 ? 0 : (int) (PhpValues.toInt(address.substring(colon + 1)) & 0xFFFF);
        }

        String clientId(Object connectionId) {
            return new ClientId(ip, port, PhpValues.toInt(connectionId) & 0xFFFF_FFFFL).toString();
        }
    }
}
