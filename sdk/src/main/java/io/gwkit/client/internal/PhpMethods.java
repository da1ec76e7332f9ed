package io.gwkit.client.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.protocol.Command;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The public static methods of PHP's {@code GatewayClient\Gateway} (42, aliases and deprecated ones
 * included; {@code setBusinessWorker} is PHP plumbing and not an API call), with their arity and PHP
 * default arguments.
 */
public final class PhpMethods {

    /** Sentinel for "no default: required". */
    private static final Object REQUIRED = new Object();

    @FunctionalInterface
    interface Body {
        CompletableFuture<Object> call(PhpGatewayApi api, List<Object> a);
    }

    /** One PHP method: its exact name, parameter names and defaults. */
    public static final class Method {
        private final String name;
        private final String[] params;
        private final Object[] defaults;
        private final Body body;

        Method(String name, String[] params, Object[] defaults, Body body) {
            this.name = name;
            this.params = params;
            this.defaults = defaults;
            this.body = body;
        }

        public String name() {
            return name;
        }

        /** PHP parameter names in order ({@code client_id}, {@code message}, ...). */
        public List<String> parameters() {
            return List.of(params);
        }

        /** Whether parameter {@code i} has no PHP default. */
        public boolean isRequired(int i) {
            return defaults[i] == REQUIRED;
        }

        /** The PHP default of optional parameter {@code i}. */
        public Object defaultValue(int i) {
            if (defaults[i] == REQUIRED) {
                throw new IllegalArgumentException("$" + params[i] + " of " + name + "() has no default");
            }
            return defaults[i];
        }

        /** PHP-style signature, e.g. {@code sendToAll($message, $client_id_array = null, ...)}. */
        public String signature() {
            StringBuilder sb = new StringBuilder(name).append('(');
            for (int i = 0; i < params.length; i++) {
                sb.append(i == 0 ? "" : ", ").append('$').append(params[i]);
                if (defaults[i] != REQUIRED) {
                    sb.append(" = ").append(defaults[i] == null ? "null" : defaults[i] instanceof String
                            ? "'" + defaults[i] + "'" : defaults[i]);
                }
            }
            return sb.append(')').toString();
        }

        void checkArity(int given) {
            int required = 0;
            while (required < params.length && defaults[required] == REQUIRED) {
                required++;
            }
            if (given < required) {
                throw new IllegalArgumentException("Too few arguments to " + name + "(), " + given + " passed and "
                        + (required == params.length ? "exactly " : "at least ") + required + " expected: "
                        + signature());
            }
        }

        /**
         * Refuses a {@code $message} that is not a string before anything is sent. PHP would serialize an
         * array message and the gateway would drop it silently (the most common mistake: a JSON object
         * decoded into an array); numbers and booleans are refused too, so that what arrives is what was
         * written. {@code null} passes only where it is the PHP default ({@code closeClient}).
         */
        void checkMessage(List<Object> given) {
            int i = List.of(params).indexOf("message");
            if (i < 0 || i >= given.size()) {
                return;
            }
            Object message = given.get(i);
            if (message instanceof String || message instanceof PhpBytes
                    || (message == null && defaults[i] == null)) {
                return;
            }
            throw new IllegalArgumentException(name + "(): $message must be a string, got " + describe(message)
                    + "; to send JSON, send its text (encode it first)");
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

        CompletableFuture<Object> call(PhpGatewayApi api, List<Object> given) {
            Object[] args = new Object[params.length];
            for (int i = 0; i < params.length; i++) {
                args[i] = i < given.size() ? given.get(i) : defaults[i];
            }
            return body.call(api, java.util.Arrays.asList(args));
        }
    }

    private static final Map<String, Method> BY_LOWER_NAME = new LinkedHashMap<>();
    private static final Map<String, Method> BY_NAME = new java.util.HashMap<>();

    static {
        def("sendToAll", "message,client_id_array=null,exclude_client_id=null,raw=false",
                (api, a) -> api.sendToAll(a.get(0), a.get(1), a.get(2), a.get(3)));
        def("sendToClient", "client_id,message", (api, a) -> api.sendToClient(a.get(0), a.get(1)));
        def("isUidOnline", "uid", (api, a) -> api.isUidOnline(a.get(0)));
        def("isUidsOnline", "uids", (api, a) -> api.isUidsOnline(a.get(0)));
        def("isOnline", "client_id", (api, a) -> api.isOnline(a.get(0)));
        def("getAllClientInfo", "group=''", (api, a) -> api.deprecatedSessions("getAllClientInfo", a.get(0)));
        def("getAllClientSessions", "group=''", (api, a) -> api.getAllClientSessions(a.get(0)));
        def("getClientInfoByGroup", "group", (api, a) -> api.deprecatedSessions("getClientInfoByGroup", a.get(0)));
        def("getClientSessionsByGroup", "group", (api, a) -> api.getClientSessionsByGroup(a.get(0)));
        def("getAllClientIdCount", "", (api, a) -> api.getClientIdCountByGroup(""));
        def("getAllClientCount", "", (api, a) -> api.getClientIdCountByGroup(""));
        def("getClientIdCountByGroup", "group=''", (api, a) -> api.getClientIdCountByGroup(a.get(0)));
        def("getClientCountByGroup", "group=''", (api, a) -> api.getClientIdCountByGroup(a.get(0)));
        def("batchGetClientIdCountByGroup", "groups", (api, a) -> api.batchGetClientIdCountByGroup(a.get(0)));
        def("getClientIdListByGroup", "group", (api, a) -> api.getClientIdListByGroup(a.get(0)));
        def("getAllClientIdList", "", (api, a) -> api.getAllClientIdList());
        def("getClientIdByUid", "uid", (api, a) -> api.getClientIdByUid(a.get(0)));
        def("batchGetClientIdByUid", "uids", (api, a) -> api.batchGetClientIdByUid(a.get(0)));
        def("getUidListByGroup", "group", (api, a) -> api.getUidListByGroup(a.get(0)));
        def("getUidCountByGroup", "group", (api, a) -> api.getUidCountByGroup(a.get(0)));
        def("getAllUidList", "", (api, a) -> api.getAllUidList());
        def("getAllUidCount", "", (api, a) -> api.getAllUidCount());
        def("getUidByClientId", "client_id", (api, a) -> api.getUidByClientId(a.get(0)));
        def("getAllGroupIdList", "", (api, a) -> api.getAllGroupIdList());
        def("getAllGroupUidCount", "", (api, a) -> api.getAllGroupUidList().thenApply(PhpGatewayApi::counts));
        def("getAllGroupUidList", "", (api, a) -> api.getAllGroupUidList());
        def("getAllGroupClientIdList", "", (api, a) -> api.getAllGroupClientIdList());
        def("getAllGroupClientIdCount", "",
                (api, a) -> api.getAllGroupClientIdList().thenApply(PhpGatewayApi::counts));
        def("closeClient", "client_id,message=null", (api, a) -> api.closeClient(a.get(0), a.get(1)));
        def("destoryClient", "client_id", (api, a) -> api.destroyClient(a.get(0)));
        def("destoryCurrentClient", "", (api, a) -> api.destroyCurrentClient());
        def("bindUid", "client_id,uid", (api, a) -> api.clientCommand(a.get(0), Command.BIND_UID, a.get(1)));
        def("unbindUid", "client_id,uid", (api, a) -> api.clientCommand(a.get(0), Command.UNBIND_UID, a.get(1)));
        def("joinGroup", "client_id,group", (api, a) -> api.clientCommand(a.get(0), Command.JOIN_GROUP, a.get(1)));
        def("leaveGroup", "client_id,group", (api, a) -> api.clientCommand(a.get(0), Command.LEAVE_GROUP, a.get(1)));
        def("ungroup", "group", (api, a) -> api.ungroup(a.get(0)));
        def("sendToUid", "uid,message", (api, a) -> api.sendToUid(a.get(0), a.get(1)));
        def("sendToGroup", "group,message,exclude_client_id=null,raw=false",
                (api, a) -> api.sendToGroup(a.get(0), a.get(1), a.get(2), a.get(3)));
        def("setSocketSession", "client_id,session_str", (api, a) -> api.setSocketSession(a.get(0), a.get(1)));
        def("setSession", "client_id,session", (api, a) -> api.setSession(a.get(0), a.get(1)));
        def("updateSession", "client_id,session", (api, a) -> api.updateSession(a.get(0), a.get(1)));
        def("getSession", "client_id", (api, a) -> api.getSession(a.get(0)));
    }

    private PhpMethods() {
    }

    private static void def(String name, String params, Body body) {
        String[] parts = params.isEmpty() ? new String[0] : params.split(",");
        String[] names = new String[parts.length];
        Object[] defaults = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            names[i] = eq < 0 ? parts[i] : parts[i].substring(0, eq);
            defaults[i] = eq < 0 ? REQUIRED : parseDefault(parts[i].substring(eq + 1));
        }
        Method m = new Method(name, names, defaults, body);
        BY_LOWER_NAME.put(name.toLowerCase(Locale.ROOT), m);
        BY_NAME.put(name, m);
    }

    private static Object parseDefault(String literal) {
        switch (literal) {
            case "null":
                return null;
            case "false":
                return Boolean.FALSE;
            case "''":
                return "";
            default:
                throw new IllegalStateException("unsupported default " + literal);
        }
    }

    /** The method PHP would call for {@code name} (PHP method names are case-insensitive), or null. */
    public static Method find(String name) {
        if (name == null) {
            return null;
        }
        Method exact = BY_NAME.get(name);
        return exact != null ? exact : BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every method, in PHP's source order. */
    public static List<Method> all() {
        return Collections.unmodifiableList(new java.util.ArrayList<>(BY_LOWER_NAME.values()));
    }
}
