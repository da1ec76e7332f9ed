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
    private static final byte[] EMPTY = PhpArgs.EMPTY;

    private final GatewayTransport transport;
    private final FanOut fanOut;
    private final PhpSerializer.Limits limits;
    private final CallListener listener;

    public PhpGatewayApi(GatewayTransport transport, boolean bestEffortFanOut, PhpSerializer.Limits limits) {
        this(transport, bestEffortFanOut, limits, CallListener.NONE);
    }

    public PhpGatewayApi(GatewayTransport transport, boolean bestEffortFanOut, PhpSerializer.Limits limits,
            CallListener listener) {
        this.transport = transport;
        this.fanOut = new FanOut(transport, bestEffortFanOut, limits);
        this.sends = new PhpSends(transport, fanOut);
        this.limits = limits;
        this.listener = listener;
    }

    /** The sends ({@code sendTo*}, {@code closeClient}, sessions, groups): frames that get no reply. */
    final PhpSends sends;

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

    // ---------------------------------------------------------------- queries

    CompletableFuture<Object> isOnline(Object clientId) {
        ClientId id = ClientIds.clientId(clientId);
        return fanOut.requestValue(ClientIds.address(id), GatewayRequests.frame(Command.IS_ONLINE, id.connectionId(), EMPTY))
                .thenApply(v -> (Object) PhpValues.toInt(v));
    }

    CompletableFuture<Object> getSession(Object clientId) {
        ClientId id = ClientIds.clientId(clientId);
        return fanOut.requestValue(ClientIds.address(id),
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
        return fanOut.requestAll(frame).thenApply(answers -> {
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
        if (!PhpArgs.validGroupId("getClientSessionsByGroup", group)) {
            return CompletableFuture.completedFuture(new PhpArray());
        }
        return getAllClientSessions(group);
    }

    CompletableFuture<Object> getClientIdCountByGroup(Object group) {
        GatewayFrame frame = GatewayRequests.frame(Command.GET_CLIENT_COUNT_BY_GROUP, 0, PhpValues.stringBytes(group,
                "group"));
        return fanOut.requestAll(frame).thenApply(answers -> {
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
        PhpArgs.requireArray("batchGetClientIdCountByGroup", 1, groups);
        GatewayFrame frame = GatewayRequests.frame(Command.BATCH_GET_CLIENT_COUNT_BY_GROUP, 0, GatewayRequests.json(groups));
        return fanOut.requestAll(frame).thenApply(answers -> {
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
        if (!PhpArgs.validGroupId("getClientIdListByGroup", group)) {
            return CompletableFuture.completedFuture(new PhpArray());
        }
        return select(PhpArray.listOf("uid"), groupsWhere(group)).thenApply(FanOut::clientIdMap);
    }

    CompletableFuture<Object> getAllClientIdList() {
        return select(PhpArray.listOf("uid"), new PhpArray()).thenApply(FanOut::clientIdMap);
    }

    CompletableFuture<Object> getClientIdByUid(Object uid) {
        GatewayFrame frame = GatewayRequests.frame(Command.GET_CLIENT_ID_BY_UID, 0, PhpValues.stringBytes(uid, "uid"));
        return fanOut.requestAll(frame).thenApply(answers -> {
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
        return fanOut.requestAll(frame).thenApply(answers -> {
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
        if (!PhpArgs.validGroupId("getUidListByGroup", group)) {
            return CompletableFuture.completedFuture(new PhpArray());
        }
        return select(PhpArray.listOf("uid"), groupsWhere(group)).thenApply(FanOut::uidMap);
    }

    CompletableFuture<Object> getUidCountByGroup(Object group) {
        if (!PhpArgs.validGroupId("getUidCountByGroup", group)) {
            return CompletableFuture.completedFuture(0L);
        }
        return getUidListByGroup(group).thenApply(list -> (long) ((PhpArray) list).size());
    }

    CompletableFuture<Object> getAllUidList() {
        return select(PhpArray.listOf("uid"), new PhpArray()).thenApply(FanOut::uidMap);
    }

    CompletableFuture<Object> getAllUidCount() {
        return getAllUidList().thenApply(list -> (long) ((PhpArray) list).size());
    }

    CompletableFuture<Object> getUidByClientId(Object clientId) {
        ClientId id = ClientIds.clientId(clientId);
        PhpArray connections = new PhpArray();
        connections.put(id.connectionId(), id.connectionId());
        PhpArray ext = PhpArgs.map("fields", PhpArray.listOf("uid"));
        ext.put("where", PhpArgs.map("connection_id", connections));
        Map<String, GatewayFrame> frames = Map.of(ClientIds.address(id),
                GatewayRequests.frame(Command.SELECT, 0, GatewayRequests.json(ext)));
        return fanOut.requestEach(frames).thenApply(answers -> {
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
        return fanOut.requestAll(GatewayRequests.frame(Command.GET_GROUP_ID_LIST, 0, EMPTY)).thenApply(answers -> {
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
            FanOut.forEachInfo(answers, (a, connectionId, info) -> {
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
            FanOut.forEachInfo(answers, (a, connectionId, info) -> {
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

    private static PhpArray groupsWhere(Object group) {
        return PhpArgs.map("groups", PhpValues.isArray(group) ? group : PhpArray.listOf(group));
    }

    private CompletableFuture<List<Answer>> select(PhpArray fields, PhpArray where) {
        PhpArray ext = PhpArgs.map("fields", fields);
        ext.put("where", where);
        return fanOut.requestAll(GatewayRequests.frame(Command.SELECT, 0, GatewayRequests.json(ext)));
    }

    private Object decodeSession(Object session) {
        try {
            return PhpSerializer.unserialize(PhpBytes.bytesOf(session), limits);
        } catch (PhpSerializeException | IllegalArgumentException e) {
            return Boolean.FALSE; // what PHP's unserialize() gives for bytes it cannot decode
        }
    }

}
