package io.gwkit.client.internal;

import io.gwkit.client.GatewayTransport;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpSerializer;
import io.gwkit.php.PhpStrings;
import io.gwkit.php.PhpValues;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayRequests;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PhpGatewayApi}'s sends, as PHP's GatewayClient builds them: frames that get no reply ({@code sendTo*},
 * {@code closeClient}/{@code destoryClient}, {@code ungroup}, session writes and other per-client commands).
 * Each completes with PHP's return value once the frames are written.
 */
final class PhpSends {

    private static final Logger log = LoggerFactory.getLogger(PhpGatewayApi.class);

    private final GatewayTransport transport;
    private final FanOut fanOut;

    PhpSends(GatewayTransport transport, FanOut fanOut) {
        this.transport = transport;
        this.fanOut = fanOut;
    }

    CompletableFuture<Object> sendToAll(Object message, Object clientIdArray, Object exclude, Object raw) {
        boolean isRaw = !PhpValues.isEmpty(raw);
        Object excluded = exclude;
        if (!PhpValues.isEmpty(excluded)) {
            if (!PhpValues.isArray(excluded)) {
                excluded = PhpArray.listOf(excluded);
            }
            if (!PhpValues.isEmpty(clientIdArray)) {
                excluded = PhpArgs.flip((PhpArray) excluded);
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
                ClientId id = ClientIds.clientId(cid);
                byGateway.computeIfAbsent(ClientIds.address(id), a -> new PhpArray()).put(id.connectionId(), id.connectionId());
            }
            Map<String, GatewayFrame> frames = new LinkedHashMap<>();
            byGateway.forEach((address, connections) -> frames.put(address,
                    GatewayRequests.frame(Command.SEND_TO_ALL, 0, isRaw, GatewayRequests.json(PhpArgs.map("connections", connections)),
                            message)));
            return fanOut.sendEach(frames).thenApply(v -> null);
        }
        if (PhpValues.isArray(clientIdArray)) {
            return CompletableFuture.completedFuture(null);
        }
        if (PhpValues.isEmpty(excluded)) {
            return fanOut.sendToAllGateways(GatewayRequests.frame(Command.SEND_TO_ALL, 0, isRaw, PhpArgs.EMPTY,
                    message)).thenApply(v -> null);
        }
        Map<String, PhpArray> exclusions = ClientIds.connectionsByGateway((PhpArray) excluded);
        return transport.gatewayAddresses().thenCompose(addresses -> {
            Map<String, GatewayFrame> frames = new LinkedHashMap<>();
            for (String address : addresses) {
                PhpArray mine = exclusions.get(address);
                frames.put(address, GatewayRequests.frame(Command.SEND_TO_ALL, 0, isRaw,
                        mine == null ? PhpArgs.EMPTY : GatewayRequests.json(PhpArgs.map("exclude", mine)), message));
            }
            return fanOut.sendEach(frames);
        }).thenApply(v -> null);
    }

    CompletableFuture<Object> sendToClient(Object clientId, Object message) {
        return sendToClientCommand(clientId, Command.SEND_TO_ONE, message, null);
    }

    CompletableFuture<Object> sendToUid(Object uid, Object message) {
        Object uids = PhpValues.isArray(uid) ? uid : PhpArray.listOf(uid);
        return fanOut.sendToAllGateways(GatewayRequests.frame(Command.SEND_TO_UID, 0, false, GatewayRequests.json(uids), message))
                .thenApply(v -> null);
    }

    CompletableFuture<Object> sendToGroup(Object group, Object message, Object exclude, Object raw) {
        if (!PhpArgs.validGroupId("sendToGroup", group)) {
            return CompletableFuture.completedFuture(Boolean.FALSE);
        }
        boolean isRaw = !PhpValues.isEmpty(raw);
        Object groups = PhpValues.isArray(group) ? group : PhpArray.listOf(group);
        PhpArray defaultExt = PhpArgs.map("group", groups);
        defaultExt.put("exclude", null);
        byte[] defaultExtBytes = GatewayRequests.json(defaultExt);
        if (PhpValues.isEmpty(exclude)) {
            return fanOut.sendToAllGateways(GatewayRequests.frame(Command.SEND_TO_GROUP, 0, isRaw, defaultExtBytes, message))
                    .thenApply(v -> null);
        }
        PhpArray excluded = PhpValues.isArray(exclude) ? (PhpArray) exclude : PhpArray.listOf(exclude);
        Map<String, PhpArray> exclusions = ClientIds.connectionsByGateway(excluded);
        return transport.gatewayAddresses().thenCompose(addresses -> {
            Map<String, GatewayFrame> frames = new LinkedHashMap<>();
            for (String address : addresses) {
                PhpArray mine = exclusions.get(address);
                byte[] ext = defaultExtBytes;
                if (mine != null) {
                    PhpArray e = PhpArgs.map("group", groups);
                    e.put("exclude", mine);
                    ext = GatewayRequests.json(e);
                }
                frames.put(address, GatewayRequests.frame(Command.SEND_TO_GROUP, 0, isRaw, ext, message));
            }
            return fanOut.sendEach(frames);
        }).thenApply(v -> null);
    }

    CompletableFuture<Object> closeClient(Object clientId, Object message) {
        ClientId id = ClientIds.clientId(clientId);
        return fanOut.send(ClientIds.address(id), GatewayRequests.frame(Command.KICK, id.connectionId(), false, PhpArgs.EMPTY, message))
                .thenApply(v -> Boolean.TRUE);
    }

    CompletableFuture<Object> destroyClient(Object clientId) {
        if (clientId != null && clientId.equals(transport.currentClientId())) {
            return destroyCurrentClient();
        }
        ClientId id = ClientIds.clientId(clientId);
        return fanOut.send(ClientIds.address(id), GatewayRequests.frame(Command.DESTROY, id.connectionId(), PhpArgs.EMPTY))
                .thenApply(v -> Boolean.TRUE);
    }

    CompletableFuture<Object> destroyCurrentClient() {
        String current = transport.currentClientId();
        if (current == null) {
            throw new IllegalStateException("destoryCurrentClient can not be called in async context");
        }
        ClientId id = ClientIds.clientId(current);
        return fanOut.send(ClientIds.address(id), GatewayRequests.frame(Command.DESTROY, id.connectionId(), PhpArgs.EMPTY))
                .thenApply(v -> Boolean.TRUE);
    }

    CompletableFuture<Object> clientCommand(Object clientId, Command cmd, Object extData) {
        return sendToClientCommand(clientId, cmd, "", extData).thenApply(v -> null);
    }

    CompletableFuture<Object> ungroup(Object group) {
        if (!PhpArgs.validGroupId("ungroup", group)) {
            return CompletableFuture.completedFuture(Boolean.FALSE);
        }
        return fanOut.sendToAllGateways(GatewayRequests.frame(Command.UNGROUP, 0, PhpValues.stringBytes(group, "group")))
                .thenApply(v -> null);
    }

    CompletableFuture<Object> setSocketSession(Object clientId, Object sessionString) {
        return sendToClientCommand(clientId, Command.SET_SESSION, "", sessionString);
    }

    CompletableFuture<Object> setSession(Object clientId, Object session) {
        PhpArgs.requireArray("setSession", 2, session);
        return setSocketSession(clientId, PhpStrings.fromBytes(PhpSerializer.serialize(session))).thenApply(v -> null);
    }

    CompletableFuture<Object> updateSession(Object clientId, Object session) {
        PhpArgs.requireArray("updateSession", 2, session);
        return sendToClientCommand(clientId, Command.UPDATE_SESSION, "",
                PhpStrings.fromBytes(PhpSerializer.serialize(session))).thenApply(v -> null);
    }

    private CompletableFuture<Object> sendToClientCommand(Object clientId, Command cmd, Object message,
            Object extData) {
        ClientId id = ClientIds.clientId(clientId == null ? transport.currentClientId() : clientId);
        byte[] ext = PhpValues.isEmpty(extData) ? PhpArgs.EMPTY : PhpValues.stringBytes(extData, "ext_data");
        return fanOut.send(ClientIds.address(id), GatewayRequests.frame(cmd, id.connectionId(), false, ext, message))
                .thenApply(v -> Boolean.TRUE);
    }
}
