package io.gwkit.protocol;

/**
 * The command byte of a gateway frame (docs/PROTOCOL.md §3). Numbers are fixed by the PHP implementation.
 */
public enum Command {
    ON_CONNECT(1),
    ON_MESSAGE(3),
    ON_CLOSE(4),
    SEND_TO_ONE(5),
    SEND_TO_ALL(6),
    KICK(7),
    DESTROY(8),
    UPDATE_SESSION(9),
    GET_ALL_CLIENT_SESSIONS(10),
    IS_ONLINE(11),
    BIND_UID(12),
    UNBIND_UID(13),
    SEND_TO_UID(14),
    GET_CLIENT_ID_BY_UID(15),
    BATCH_GET_CLIENT_ID_BY_UID(16),
    JOIN_GROUP(20),
    LEAVE_GROUP(21),
    SEND_TO_GROUP(22),
    GET_CLIENT_SESSIONS_BY_GROUP(23),
    GET_CLIENT_COUNT_BY_GROUP(24),
    SELECT(25),
    GET_GROUP_ID_LIST(26),
    UNGROUP(27),
    BATCH_GET_CLIENT_COUNT_BY_GROUP(28),
    WORKER_CONNECT(200),
    PING(201),
    GATEWAY_CLIENT_CONNECT(202),
    GET_SESSION_BY_CLIENT_ID(203),
    SET_SESSION(204),
    ON_WEBSOCKET_CONNECT(205);

    private static final Command[] BY_CODE = new Command[256];

    static {
        for (Command c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;

    Command(int code) {
        this.code = code;
    }

    /** The unsigned byte on the wire. */
    public int code() {
        return code;
    }

    /** The command for a wire byte, or {@code null} when the byte names no known command. */
    public static Command of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Whether a gateway answers this command with a reply (u32 length + serialized value). */
    public boolean hasReply() {
        switch (this) {
            case GET_ALL_CLIENT_SESSIONS:
            case IS_ONLINE:
            case GET_CLIENT_ID_BY_UID:
            case BATCH_GET_CLIENT_ID_BY_UID:
            case GET_CLIENT_SESSIONS_BY_GROUP:
            case GET_CLIENT_COUNT_BY_GROUP:
            case SELECT:
            case GET_GROUP_ID_LIST:
            case BATCH_GET_CLIENT_COUNT_BY_GROUP:
            case GET_SESSION_BY_CLIENT_ID:
                return true;
            default:
                return false;
        }
    }
}
