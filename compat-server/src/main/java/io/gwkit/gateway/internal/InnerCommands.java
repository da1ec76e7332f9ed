package io.gwkit.gateway.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpArrays;
import io.gwkit.php.PhpBytes;
import io.gwkit.php.PhpJson;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayReply;
import io.gwkit.protocol.ProtocolException;
import io.gwkit.server.internal.AuthGuard;
import io.gwkit.server.internal.LogText;
import io.gwkit.server.internal.WorkerAcks;
import io.gwkit.server.internal.WorkerDrain;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 30 inner-link commands with PHP's semantics and reply bytes (docs/PROTOCOL.md §3). Requests come from
 * workers and GatewayClients alike; values inside them are untrusted: a value PHP would crash on
 * (an array where a string belongs, an undecodable session) drops that one request, logged.
 */
final class InnerCommands {

    private static final Logger log = LoggerFactory.getLogger(InnerCommands.class);
    /** Limits for sessions and bodies decoded here (a session deeper than this is not a session). */
    static final PhpSerializer.Limits LIMITS = new PhpSerializer.Limits(64, 100_000, 16 * 1024 * 1024);

    private final GatewayCore core;

    InnerCommands(GatewayCore core) {
        this.core = core;
    }

    void handle(InnerConnection inner, GatewayFrame frame) {
        assert core.onStateLoop() : "off the shard's loop";
        Command cmd = frame.command();
        if (!inner.authorized() && cmd != Command.WORKER_CONNECT && cmd != Command.GATEWAY_CLIENT_CONNECT) {
            log.warn("unauthorized request (cmd {}) from {}, closing", frame.cmd(), inner.channel.remoteAddress());
            inner.reject();
            return;
        }
        if (frame.cmd() == WorkerDrain.CMD) {
            core.workerDraining(inner);
            return;
        }
        if (frame.cmd() == WorkerAcks.CMD && inner.acks != null) {
            core.workerAcks.acknowledged(inner, frame);
            return;
        }
        if (cmd == null) {
            // PHP echoes "gateway inner pack err" and keeps the connection; so do we (logged once per minute)
            inner.warn(log, "gateway inner pack err cmd={} from {}", frame.cmd(), inner);
            return;
        }
        core.stats.innerRequest(cmd);
        try {
            dispatch(inner, cmd, frame);
        } catch (RuntimeException e) {
            // HostileValueException, ProtocolException, or a value we did not foresee: only this request is
            // lost, not the link nor the gateway (PHP's gateway process dies on most of these)
            dropped(inner, cmd, e);
        }
    }

    private void dropped(InnerConnection inner, Command cmd, RuntimeException e) {
        if (cmd.hasReply()) {
            // The requester waits for a reply and pairs replies with requests in order (the SDK pools
            // connections): no reply, or a made-up one, would derail it. Closing fails just this request.
            log.warn("dropped cmd {} from {}: {}; closing it, the request has no answer", cmd, inner,
                    LogText.escape(e.toString()));
            inner.reject();
        } else {
            inner.warn(log, "dropped cmd {} from {}: {}", cmd, inner, LogText.escape(e.toString()));
        }
        if (!(e instanceof PhpValues.HostileValueException || e instanceof ProtocolException)) {
            log.debug("dropped cmd {} from {}", cmd, inner, e);
        }
    }

    private void dispatch(InnerConnection inner, Command cmd, GatewayFrame f) {
        ClientConnection target = core.clients.get(f.connectionId());
        switch (cmd) {
            case WORKER_CONNECT: {
                PhpArray info = authBody(inner, f, "Worker");
                if (info != null) {
                    String ip = ((InetSocketAddress) inner.channel.remoteAddress()).getAddress().getHostAddress();
                    Object name = info.get("worker_key");
                    core.workerConnected(inner, ip + ":" + (name == null ? "" : stringOf(name)));
                    inner.authorize();
                }
                return;
            }
            case GATEWAY_CLIENT_CONNECT:
                if (authBody(inner, f, "GatewayClient") != null) {
                    inner.authorize();
                }
                return;
            case SEND_TO_ONE:
                if (target != null) {
                    core.send(target, body(f), f.flag());
                }
                return;
            case KICK:
                if (target != null) {
                    Object message = f.isScalarBody() ? f.body() : unserialize(f.body());
                    core.kick(target, message == null ? null
                            : message instanceof byte[] ? (byte[]) message : PhpValues.scalarBytes(message));
                }
                return;
            case DESTROY:
                if (target != null) {
                    core.destroy(target);
                }
                return;
            case SEND_TO_ALL:
                sendToAll(f);
                return;
            case SELECT:
                reply(inner, InnerSelect.select(core.clients, inner, f));
                return;
            case GET_GROUP_ID_LIST: {
                PhpArray list = new PhpArray();
                core.clients.groupKeys().forEach(list::append);
                reply(inner, list);
                return;
            }
            case SET_SESSION:
                if (target != null) {
                    target.session = f.extData();
                }
                return;
            case UPDATE_SESSION:
                updateSession(target, f.extData());
                return;
            case GET_SESSION_BY_CLIENT_ID: {
                byte[] session = target == null ? PhpSerializer.serialize(null)
                        : isFalsy(target.session) ? PhpSerializer.serialize(new PhpArray()) : target.session;
                replyBytes(inner, session);
                return;
            }
            case GET_ALL_CLIENT_SESSIONS: {
                PhpArray sessions = new PhpArray();
                core.clients.all().forEach(c -> sessions.put(c.id, PhpValues.string(c.session)));
                reply(inner, sessions);
                return;
            }
            case IS_ONLINE:
                reply(inner, target != null ? 1L : 0L);
                return;
            case BIND_UID:
                bindUid(inner, target, f.extData());
                return;
            case UNBIND_UID:
                if (target != null) {
                    core.clients.unbindUid(target);
                }
                return;
            case SEND_TO_UID: {
                byte[] body = body(f);
                List<Object> keys = new ArrayList<>();
                for (Object uid : jsonArray(f.extData()).values()) {
                    keys.add(PhpValues.key(uid));
                }
                for (Object key : keys) {
                    for (ClientConnection c : new ArrayList<>(core.clients.uidMembers(key).values())) {
                        core.send(c, body, f.flag());
                    }
                }
                return;
            }
            case GET_CLIENT_ID_BY_UID:
                reply(inner, connectionIds(PhpValues.key(PhpValues.string(f.extData()))));
                return;
            case BATCH_GET_CLIENT_ID_BY_UID: {
                PhpArray result = new PhpArray();
                for (Object uid : jsonArray(f.extData()).values()) {
                    Object key = PhpValues.key(uid);
                    result.put(key, connectionIds(key));
                }
                reply(inner, result);
                return;
            }
            case JOIN_GROUP:
                joinGroup(inner, target, f.extData());
                return;
            case LEAVE_GROUP:
                leaveGroup(inner, target, f.extData());
                return;
            case UNGROUP: {
                if (PhpValues.emptyString(f.extData())) {
                    inner.warn(log, "ungroup with an empty group from {}", inner);
                    return;
                }
                core.clients.ungroup(PhpValues.key(PhpValues.string(f.extData())));
                return;
            }
            case SEND_TO_GROUP:
                sendToGroup(f);
                return;
            case GET_CLIENT_SESSIONS_BY_GROUP: {
                PhpArray sessions = new PhpArray();
                core.clients.groupMembers(PhpValues.key(PhpValues.string(f.extData())))
                        .forEach((id, c) -> sessions.put(id, PhpValues.string(c.session)));
                reply(inner, sessions);
                return;
            }
            case GET_CLIENT_COUNT_BY_GROUP:
                reply(inner, f.extData().length == 0 ? (long) core.clients.size()
                        : groupSize(PhpValues.key(PhpValues.string(f.extData()))));
                return;
            case BATCH_GET_CLIENT_COUNT_BY_GROUP: {
                PhpArray result = new PhpArray();
                for (Object group : jsonArray(f.extData()).values()) {
                    Object key = PhpValues.key(group);
                    result.put(key, groupSize(key));
                }
                reply(inner, result);
                return;
            }
            case PING:
                return;
            default:
                inner.warn(log, "gateway inner pack err cmd={} (a gateway-to-worker command) from {}", cmd, inner);
        }
    }

    /** The connection ids bound to a uid key, as a PHP list. */
    private PhpArray connectionIds(Object uidKey) {
        PhpArray ids = new PhpArray();
        core.clients.uidMembers(uidKey).keySet().forEach(ids::append);
        return ids;
    }

    private long groupSize(Object groupKey) {
        return core.clients.groupMembers(groupKey).size();
    }

    /** Checks the JSON auth body of cmd 200/202; closes the connection on a wrong key. */
    private PhpArray authBody(InnerConnection inner, GatewayFrame f, String who) {
        Object info;
        try {
            Object body = f.isScalarBody() ? f.body() : unserialize(f.body());
            info = PhpJson.decode(new String(body instanceof byte[] ? (byte[]) body : PhpValues.scalarBytes(body),
                    StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            info = null;
        }
        Object key = info instanceof PhpArray ? ((PhpArray) info).get("secret_key") : null;
        if (!AuthGuard.secretMatches(core.settings.secretKey(), key)) {
            log.warn("{} key does not match (from {}), closing", who, inner.channel.remoteAddress());
            inner.rejectAuth();
            return null;
        }
        return (PhpArray) info;
    }

    private void sendToAll(GatewayFrame f) {
        byte[] body = body(f);
        Object ext = f.extData().length == 0 ? null : PhpJson.decode(utf8(f.extData()));
        if (ext != null && !(ext instanceof PhpArray)) {
            throw new PhpValues.HostileValueException("sendToAll ext_data is not a JSON object: " + excerpt(f.extData()));
        }
        PhpArray filter = (PhpArray) ext;
        Object connections = filter == null ? null : filter.get("connections");
        if (connections != null) {
            List<ClientConnection> targets = new ArrayList<>();
            for (Object id : asArray(connections, "connections").values()) {
                ClientConnection c = core.clients.get(PhpValues.key(id));
                if (c != null) {
                    targets.add(c);
                }
            }
            core.sendToMany(targets, body, f.flag());
            return;
        }
        PhpArray exclude = excludeOf(filter);
        List<ClientConnection> targets = new ArrayList<>(core.clients.size());
        for (ClientConnection c : core.clients.all()) {
            if (exclude == null || !exclude.containsKey(c.id)) {
                targets.add(c);
            }
        }
        core.sendToMany(targets, body, f.flag());
    }

    private void sendToGroup(GatewayFrame f) {
        byte[] body = body(f);
        PhpArray ext = asArray(PhpJson.decode(utf8(f.extData())), "sendToGroup ext_data");
        Object groupList = ext.get("group");
        List<Object> keys = new ArrayList<>();
        if (groupList != null) {
            for (Object g : asArray(groupList, "group").values()) {
                keys.add(PhpValues.key(g));
            }
        }
        PhpArray exclude = excludeOf(ext);
        for (Object key : keys) {
            for (ClientConnection c : new ArrayList<>(core.clients.groupMembers(key).values())) {
                if (exclude == null || !exclude.containsKey(c.id)) {
                    core.send(c, body, f.flag());
                }
            }
        }
    }

    private static PhpArray excludeOf(PhpArray filter) {
        Object exclude = filter == null ? null : filter.get("exclude");
        if (exclude == null || exclude instanceof PhpArray) {
            return (PhpArray) exclude;
        }
        if (exclude instanceof Boolean && !((Boolean) exclude) || "".equals(exclude) || Long.valueOf(0).equals(exclude)) {
            return null;
        }
        throw new PhpValues.HostileValueException("exclude is neither an object nor null: " + exclude);
    }

    private void updateSession(ClientConnection target, byte[] ext) {
        if (target == null) {
            return;
        }
        if (isFalsy(target.session)) {
            target.session = ext;
            return;
        }
        Object current = unserialize(target.session);
        Object update = unserialize(ext);
        if (!(current instanceof PhpArray) || !(update instanceof PhpArray)) {
            throw new PhpValues.HostileValueException("updateSession needs two arrays, the session or the update "
                    + "is not one");
        }
        target.session = PhpSerializer.serialize(PhpArrays.arrayReplaceRecursive((PhpArray) current,
                (PhpArray) update));
    }

    private void bindUid(InnerConnection inner, ClientConnection target, byte[] ext) {
        if (PhpValues.emptyString(ext)) {
            inner.warn(log, "bindUid(client_id, uid) uid empty, uid='{}' from {}", utf8(ext), inner);
            return;
        }
        if (target == null) {
            return;
        }
        core.clients.bindUid(target, PhpValues.string(ext));
    }

    private void joinGroup(InnerConnection inner, ClientConnection target, byte[] ext) {
        if (PhpValues.emptyString(ext)) {
            inner.warn(log, "join(group) group empty, group='{}' from {}", utf8(ext), inner);
            return;
        }
        if (target == null) {
            return;
        }
        core.clients.join(target, PhpValues.string(ext));
    }

    private void leaveGroup(InnerConnection inner, ClientConnection target, byte[] ext) {
        if (PhpValues.emptyString(ext)) {
            inner.warn(log, "leave(group) group empty, group='{}' from {}", utf8(ext), inner);
            return;
        }
        if (target != null) {
            core.clients.leave(target, PhpValues.key(PhpValues.string(ext)));
        }
    }

    /** The message body for a client: raw bytes, or a serialized scalar converted as PHP's send() would. */
    private static byte[] body(GatewayFrame f) {
        return f.isScalarBody() ? f.body() : PhpValues.scalarBytes(unserialize(f.body()));
    }

    private static Object unserialize(byte[] bytes) {
        return PhpSerializer.unserialize(bytes, LIMITS);
    }

    private static PhpArray jsonArray(byte[] ext) {
        return asArray(PhpJson.decode(utf8(ext)), "ext_data");
    }

    private static PhpArray asArray(Object value, String what) {
        if (!(value instanceof PhpArray)) {
            throw new PhpValues.HostileValueException(what + " is not a JSON array/object");
        }
        return (PhpArray) value;
    }

    /** PHP's {@code !$session}: "" and "0" are false. */
    private static boolean isFalsy(byte[] session) {
        return PhpValues.emptyString(session);
    }

    private static String stringOf(Object v) {
        return v instanceof String || v instanceof PhpBytes ? v.toString()
                : new String(PhpValues.scalarBytes(v), StandardCharsets.UTF_8);
    }

    /** At most 200 bytes of an untrusted value, for a log line. */
    private static String excerpt(byte[] bytes) {
        return LogText.excerpt(bytes);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void reply(InnerConnection inner, Object value) {
        replyBytes(inner, PhpSerializer.serialize(value));
    }

    private void replyBytes(InnerConnection inner, byte[] serialized) {
        core.sendToInner(inner, new GatewayReply(serialized).toBytes());
    }
}
