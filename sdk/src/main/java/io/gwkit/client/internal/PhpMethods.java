package io.gwkit.client.internal;

import io.gwkit.client.PhpMethod;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.protocol.Command;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The dispatch table: which {@link PhpGatewayApi} operation runs each {@link PhpMethod}, with PHP's defaults
 * filled in. Names, parameters and defaults belong to {@link PhpMethod}; this class only binds bodies.
 */
public final class PhpMethods {

    @FunctionalInterface
    interface Body {
        CompletableFuture<Object> call(PhpGatewayApi api, List<Object> a);
    }

    private static final Map<PhpMethod, Body> BODIES = new EnumMap<>(PhpMethod.class);

    static {
        body(PhpMethod.SEND_TO_ALL, (api, a) -> api.sends.sendToAll(a.get(0), a.get(1), a.get(2), a.get(3)));
        body(PhpMethod.SEND_TO_CLIENT, (api, a) -> api.sends.sendToClient(a.get(0), a.get(1)));
        body(PhpMethod.IS_UID_ONLINE, (api, a) -> api.isUidOnline(a.get(0)));
        body(PhpMethod.IS_UIDS_ONLINE, (api, a) -> api.isUidsOnline(a.get(0)));
        body(PhpMethod.IS_ONLINE, (api, a) -> api.isOnline(a.get(0)));
        body(PhpMethod.GET_ALL_CLIENT_INFO, (api, a) -> api.deprecatedSessions("getAllClientInfo", a.get(0)));
        body(PhpMethod.GET_ALL_CLIENT_SESSIONS, (api, a) -> api.getAllClientSessions(a.get(0)));
        body(PhpMethod.GET_CLIENT_INFO_BY_GROUP, (api, a) -> api.deprecatedSessions("getClientInfoByGroup", a.get(0)));
        body(PhpMethod.GET_CLIENT_SESSIONS_BY_GROUP, (api, a) -> api.getClientSessionsByGroup(a.get(0)));
        body(PhpMethod.GET_ALL_CLIENT_ID_COUNT, (api, a) -> api.getClientIdCountByGroup(""));
        body(PhpMethod.GET_ALL_CLIENT_COUNT, (api, a) -> api.getClientIdCountByGroup(""));
        body(PhpMethod.GET_CLIENT_ID_COUNT_BY_GROUP, (api, a) -> api.getClientIdCountByGroup(a.get(0)));
        body(PhpMethod.GET_CLIENT_COUNT_BY_GROUP, (api, a) -> api.getClientIdCountByGroup(a.get(0)));
        body(PhpMethod.BATCH_GET_CLIENT_ID_COUNT_BY_GROUP, (api, a) -> api.batchGetClientIdCountByGroup(a.get(0)));
        body(PhpMethod.GET_CLIENT_ID_LIST_BY_GROUP, (api, a) -> api.getClientIdListByGroup(a.get(0)));
        body(PhpMethod.GET_ALL_CLIENT_ID_LIST, (api, a) -> api.getAllClientIdList());
        body(PhpMethod.GET_CLIENT_ID_BY_UID, (api, a) -> api.getClientIdByUid(a.get(0)));
        body(PhpMethod.BATCH_GET_CLIENT_ID_BY_UID, (api, a) -> api.batchGetClientIdByUid(a.get(0)));
        body(PhpMethod.GET_UID_LIST_BY_GROUP, (api, a) -> api.getUidListByGroup(a.get(0)));
        body(PhpMethod.GET_UID_COUNT_BY_GROUP, (api, a) -> api.getUidCountByGroup(a.get(0)));
        body(PhpMethod.GET_ALL_UID_LIST, (api, a) -> api.getAllUidList());
        body(PhpMethod.GET_ALL_UID_COUNT, (api, a) -> api.getAllUidCount());
        body(PhpMethod.GET_UID_BY_CLIENT_ID, (api, a) -> api.getUidByClientId(a.get(0)));
        body(PhpMethod.GET_ALL_GROUP_ID_LIST, (api, a) -> api.getAllGroupIdList());
        body(PhpMethod.GET_ALL_GROUP_UID_COUNT, (api, a) -> api.getAllGroupUidList().thenApply(PhpGatewayApi::counts));
        body(PhpMethod.GET_ALL_GROUP_UID_LIST, (api, a) -> api.getAllGroupUidList());
        body(PhpMethod.GET_ALL_GROUP_CLIENT_ID_LIST, (api, a) -> api.getAllGroupClientIdList());
        body(PhpMethod.GET_ALL_GROUP_CLIENT_ID_COUNT, (api, a) -> api.getAllGroupClientIdList().thenApply(PhpGatewayApi::counts));
        body(PhpMethod.CLOSE_CLIENT, (api, a) -> api.sends.closeClient(a.get(0), a.get(1)));
        body(PhpMethod.DESTORY_CLIENT, (api, a) -> api.sends.destroyClient(a.get(0)));
        body(PhpMethod.DESTORY_CURRENT_CLIENT, (api, a) -> api.sends.destroyCurrentClient());
        body(PhpMethod.BIND_UID, (api, a) -> api.sends.clientCommand(a.get(0), Command.BIND_UID, a.get(1)));
        body(PhpMethod.UNBIND_UID, (api, a) -> api.sends.clientCommand(a.get(0), Command.UNBIND_UID, a.get(1)));
        body(PhpMethod.JOIN_GROUP, (api, a) -> api.sends.clientCommand(a.get(0), Command.JOIN_GROUP, a.get(1)));
        body(PhpMethod.LEAVE_GROUP, (api, a) -> api.sends.clientCommand(a.get(0), Command.LEAVE_GROUP, a.get(1)));
        body(PhpMethod.UNGROUP, (api, a) -> api.sends.ungroup(a.get(0)));
        body(PhpMethod.SEND_TO_UID, (api, a) -> api.sends.sendToUid(a.get(0), a.get(1)));
        body(PhpMethod.SEND_TO_GROUP, (api, a) -> api.sends.sendToGroup(a.get(0), a.get(1), a.get(2), a.get(3)));
        body(PhpMethod.SET_SOCKET_SESSION, (api, a) -> api.sends.setSocketSession(a.get(0), a.get(1)));
        body(PhpMethod.SET_SESSION, (api, a) -> api.sends.setSession(a.get(0), a.get(1)));
        body(PhpMethod.UPDATE_SESSION, (api, a) -> api.sends.updateSession(a.get(0), a.get(1)));
        body(PhpMethod.GET_SESSION, (api, a) -> api.getSession(a.get(0)));
        for (PhpMethod m : PhpMethod.values()) {
            if (!BODIES.containsKey(m)) {
                throw new IllegalStateException("no body for " + m);
            }
        }
    }

    private PhpMethods() {
    }

    private static void body(PhpMethod method, Body body) {
        BODIES.put(method, body);
    }

    /**
     * Runs {@code method} with PHP arguments; missing trailing optional ones take PHP's defaults, extra ones
     * are ignored, as PHP ignores them.
     *
     * @throws IllegalArgumentException for too few arguments, with PHP's message and the signature
     */
    static CompletableFuture<Object> call(PhpMethod method, PhpGatewayApi api, List<Object> given) {
        int required = method.requiredCount();
        int size = method.parameters().size();
        if (given.size() < required) {
            throw new IllegalArgumentException("Too few arguments to " + method.phpName() + "(), " + given.size()
                    + " passed and " + (required == size ? "exactly " : "at least ") + required + " expected: "
                    + method.signature());
        }
        checkMessage(method, given);
        Object[] args = new Object[size];
        for (int i = 0; i < size; i++) {
            args[i] = i < given.size() ? given.get(i) : method.defaultValue(i);
        }
        return BODIES.get(method).call(api, Arrays.asList(args));
    }

    /**
     * Refuses a {@code $message} that is not a string before anything is sent. PHP would serialize an
     * array message and the gateway would drop it silently (the most common mistake: a JSON object
     * decoded into an array); numbers and booleans are refused too, so that what arrives is what was
     * written. {@code null} passes only where it is the PHP default ({@code closeClient}).
     */
    private static void checkMessage(PhpMethod method, List<Object> given) {
        int i = method.parameters().indexOf("message");
        if (i < 0 || i >= given.size()) {
            return;
        }
        Object message = given.get(i);
        if (message instanceof String || message instanceof PhpBytes
                || (message == null && !method.isRequired(i) && method.defaultValue(i) == null)) {
            return;
        }
        throw new IllegalArgumentException(method.phpName() + "(): $message must be a string, got "
                + describe(message) + "; to send JSON, send its text (encode it first)");
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof PhpArray) {
            return "an array";
        }
        return v instanceof Boolean ? "a boolean" : "a number (" + v + ")";
    }
}
