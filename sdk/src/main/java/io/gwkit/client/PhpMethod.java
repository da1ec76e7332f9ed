package io.gwkit.client;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The public static methods of PHP's {@code GatewayClient\Gateway}, one constant each (42, aliases and
 * deprecated ones included; {@code setBusinessWorker} is PHP plumbing, not an API call), in PHP's source
 * order, with PHP's exact name ({@code destoryClient} keeps PHP's spelling), parameter names and defaults.
 *
 * <p>This is the one place each operation is described: the typed methods of {@link GatewayClient} and
 * {@link AsyncGatewayClient} link here, and {@link GatewayClient#invoke(PhpMethod, List)} calls any of them
 * with PHP arguments. The HTTP bridge's method table, {@code gw call} and the docs are derived from it.
 */
public enum PhpMethod {

    /**
     * Sends {@code message} to every client of the cluster (PHP {@code sendToAll}); with {@code clientIds} only
     * to those clients (no register lookup), minus {@code excludeClientIds}; {@code raw} skips the client
     * protocol's encode.
     */
    SEND_TO_ALL("sendToAll", "message,client_id_array=null,exclude_client_id=null,raw=false"),

    /**
     * Sends {@code message} to one client, straight to the gateway named in its client_id (offline ids are not
     * an error, as in PHP).
     */
    SEND_TO_CLIENT("sendToClient", "client_id,message"),

    /**
     * Whether any client is bound to the uid.
     */
    IS_UID_ONLINE("isUidOnline", "uid"),

    /**
     * For each uid, whether any client is bound to it.
     */
    IS_UIDS_ONLINE("isUidsOnline", "uids"),

    /**
     * Whether the client_id is connected (asks only the gateway named in it).
     */
    IS_ONLINE("isOnline", "client_id"),

    /**
     * Alias of {@code getAllClientSessions} that PHP marks deprecated (the Java method is {@code @Deprecated}).
     */
    GET_ALL_CLIENT_INFO("getAllClientInfo", "group=''"),

    /**
     * Every client's session keyed by client_id (only the group's members when {@code group} is not empty).
     */
    GET_ALL_CLIENT_SESSIONS("getAllClientSessions", "group=''"),

    /**
     * Alias of {@code getAllClientSessions(group)} that PHP marks deprecated (the Java method is
     * {@code @Deprecated}; use {@code getClientSessionsByGroup}).
     */
    GET_CLIENT_INFO_BY_GROUP("getClientInfoByGroup", "group"),

    /**
     * The sessions of the group's members keyed by client_id.
     */
    GET_CLIENT_SESSIONS_BY_GROUP("getClientSessionsByGroup", "group"),

    /**
     * Alias of {@code getAllClientCount}.
     */
    GET_ALL_CLIENT_ID_COUNT("getAllClientIdCount", ""),

    /**
     * Number of connected clients.
     */
    GET_ALL_CLIENT_COUNT("getAllClientCount", ""),

    /**
     * Alias of {@code getClientCountByGroup}.
     */
    GET_CLIENT_ID_COUNT_BY_GROUP("getClientIdCountByGroup", "group=''"),

    /**
     * Number of clients in the group; {@code ""} counts every client.
     */
    GET_CLIENT_COUNT_BY_GROUP("getClientCountByGroup", "group=''"),

    /**
     * Number of clients in each group.
     */
    BATCH_GET_CLIENT_ID_COUNT_BY_GROUP("batchGetClientIdCountByGroup", "groups"),

    /**
     * The client_ids in the group.
     */
    GET_CLIENT_ID_LIST_BY_GROUP("getClientIdListByGroup", "group"),

    /**
     * Every connected client_id.
     */
    GET_ALL_CLIENT_ID_LIST("getAllClientIdList", ""),

    /**
     * The client_ids bound to the uid, across all gateways.
     */
    GET_CLIENT_ID_BY_UID("getClientIdByUid", "uid"),

    /**
     * The client_ids bound to each uid.
     */
    BATCH_GET_CLIENT_ID_BY_UID("batchGetClientIdByUid", "uids"),

    /**
     * The uids bound to members of the group.
     */
    GET_UID_LIST_BY_GROUP("getUidListByGroup", "group"),

    /**
     * Number of distinct uids in the group.
     */
    GET_UID_COUNT_BY_GROUP("getUidCountByGroup", "group"),

    /**
     * Every bound uid.
     */
    GET_ALL_UID_LIST("getAllUidList", ""),

    /**
     * Number of bound uids.
     */
    GET_ALL_UID_COUNT("getAllUidCount", ""),

    /**
     * The uid a client is bound to, or null.
     */
    GET_UID_BY_CLIENT_ID("getUidByClientId", "client_id"),

    /**
     * Every group with at least one member.
     */
    GET_ALL_GROUP_ID_LIST("getAllGroupIdList", ""),

    /**
     * For each group, the number of uids of its members.
     */
    GET_ALL_GROUP_UID_COUNT("getAllGroupUidCount", ""),

    /**
     * For each group, the uids of its members. Complete, unlike PHP, which stops scanning a gateway at the
     * first client without uid or groups (docs/PROTOCOL.md §9).
     */
    GET_ALL_GROUP_UID_LIST("getAllGroupUidList", ""),

    /**
     * For each group, its members' client_ids. Complete, unlike PHP, which stops scanning a gateway at the
     * first client without groups (docs/PROTOCOL.md §9).
     */
    GET_ALL_GROUP_CLIENT_ID_LIST("getAllGroupClientIdList", ""),

    /**
     * For each group, its number of members.
     */
    GET_ALL_GROUP_CLIENT_ID_COUNT("getAllGroupClientIdCount", ""),

    /**
     * Closes a client's connection, sending {@code message} first when given.
     */
    CLOSE_CLIENT("closeClient", "client_id,message=null"),

    /**
     * Destroys a client's connection at once (PHP {@code destoryClient}).
     */
    DESTORY_CLIENT("destoryClient", "client_id"),

    /**
     * Destroys the connection of the client whose event is being handled (PHP {@code destoryCurrentClient});
     * only inside a worker.
     * <p>Fails with {@code IllegalStateException} outside a worker event handler.
     */
    DESTORY_CURRENT_CLIENT("destoryCurrentClient", ""),

    /**
     * Binds a client to a uid (a client has at most one uid; binding replaces).
     */
    BIND_UID("bindUid", "client_id,uid"),

    /**
     * Unbinds a client from a uid.
     */
    UNBIND_UID("unbindUid", "client_id,uid"),

    /**
     * Adds a client to a group.
     */
    JOIN_GROUP("joinGroup", "client_id,group"),

    /**
     * Removes a client from a group.
     */
    LEAVE_GROUP("leaveGroup", "client_id,group"),

    /**
     * Dissolves a group on every gateway.
     * <p>Fails with {@code IllegalArgumentException} for an empty group id (PHP returns false).
     */
    UNGROUP("ungroup", "group"),

    /**
     * Sends {@code message} to every client bound to the uid(s). Integral numbers in {@code uids} are written
     * as JSON numbers, strings as strings, as PHP does.
     */
    SEND_TO_UID("sendToUid", "uid,message"),

    /**
     * Sends {@code message} to every member of the group(s); a client in two listed groups receives it twice,
     * as in PHP.
     * <p>Fails with {@code IllegalArgumentException} for an empty group id (PHP returns false).
     */
    SEND_TO_GROUP("sendToGroup", "group,message,exclude_client_id=null,raw=false"),

    /**
     * Sets a client's session to an already PHP-serialized string.
     */
    SET_SOCKET_SESSION("setSocketSession", "client_id,session_str"),

    /**
     * Replaces a client's session with {@code session} (PHP-serialized).
     */
    SET_SESSION("setSession", "client_id,session"),

    /**
     * Merges {@code session} into a client's session (PHP {@code array_replace_recursive} on the gateway).
     */
    UPDATE_SESSION("updateSession", "client_id,session"),

    /**
     * A client's session: string keys, PHP values (nested arrays are {@link io.gwkit.php.PhpArray}); empty when
     * it has none; null when the client is offline.
     */
    GET_SESSION("getSession", "client_id");

    private static final Map<String, PhpMethod> BY_LOWER_NAME = new HashMap<>();

    static {
        for (PhpMethod m : values()) {
            BY_LOWER_NAME.put(m.phpName.toLowerCase(Locale.ROOT), m);
        }
    }

    private final String phpName;
    private final List<String> params;
    private final Object[] defaults;
    private final int required; // parameters 0..required-1 have no default, the others have one

    /** {@code params}: comma-separated PHP parameter names, optional ones with {@code =default}. */
    PhpMethod(String phpName, String params) {
        this.phpName = phpName;
        String[] parts = params.isEmpty() ? new String[0] : params.split(",");
        String[] names = new String[parts.length];
        this.defaults = new Object[parts.length];
        int req = 0;
        for (int i = 0; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            names[i] = eq < 0 ? parts[i] : parts[i].substring(0, eq);
            if (eq < 0) {
                req = i + 1; // PHP allows no required parameter after an optional one
            } else {
                defaults[i] = parseDefault(parts[i].substring(eq + 1));
            }
        }
        this.params = Collections.unmodifiableList(Arrays.asList(names));
        this.required = req;
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

    /**
     * The constant for a PHP method name, case-insensitive as PHP method names are, or null.
     * Only PHP's spellings are known ({@code destoryClient}, not {@code destroyClient}).
     */
    public static PhpMethod find(String phpName) {
        return phpName == null ? null : BY_LOWER_NAME.get(phpName.toLowerCase(Locale.ROOT));
    }

    /**
     * Like {@link #find(String)}.
     *
     * @throws IllegalArgumentException for a name that is no GatewayClient method
     */
    public static PhpMethod of(String phpName) {
        PhpMethod m = find(phpName);
        if (m == null) {
            throw new IllegalArgumentException("unknown GatewayClient method: " + phpName);
        }
        return m;
    }

    /** PHP's exact method name, e.g. {@code sendToAll}. */
    public String phpName() {
        return phpName;
    }

    /** PHP parameter names in order ({@code client_id}, {@code message}, ...). */
    public List<String> parameters() {
        return params;
    }

    /** How many leading parameters have no PHP default (the least number of arguments a call takes). */
    public int requiredCount() {
        return required;
    }

    /** Whether parameter {@code i} has no PHP default. */
    public boolean isRequired(int i) {
        return i < required;
    }

    /**
     * The PHP default of optional parameter {@code i}: null, {@code false} or {@code ""}.
     *
     * @throws IllegalArgumentException for a required parameter
     */
    public Object defaultValue(int i) {
        if (isRequired(i)) {
            throw new IllegalArgumentException("$" + params.get(i) + " of " + phpName + "() has no default");
        }
        return defaults[i];
    }

    /** PHP-style signature, e.g. {@code sendToAll($message, $client_id_array = null, ...)}. */
    public String signature() {
        StringBuilder sb = new StringBuilder(phpName).append('(');
        for (int i = 0; i < params.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('$').append(params.get(i));
            if (!isRequired(i)) {
                sb.append(" = ").append(literal(defaults[i]));
            }
        }
        return sb.append(')').toString();
    }

    private static String literal(Object phpDefault) {
        if (phpDefault == null) {
            return "null";
        }
        return phpDefault instanceof String ? "'" + phpDefault + "'" : String.valueOf(phpDefault);
    }

    /** {@link #phpName()}, so that messages and logs show the PHP name. */
    @Override
    public String toString() {
        return phpName;
    }
}
