package io.gwkit.testkit;

/**
 * How a {@link MockGateway} or {@link MockRegister} misbehaves, for testing failure handling (OkHttp's
 * {@code SocketPolicy}). Set with {@code fault(...)}; it applies to connections accepted and frames or lines
 * received from then on. The peer's thread is never blocked by a fault; only its socket is.
 */
public enum Fault {
    /** Behave: answer requests with queued replies. */
    NONE,
    /** Close each new connection right after accepting it. */
    DISCONNECT_AT_START,
    /** Accept new connections but never read from them (the peer's writes pile up; nothing is answered). */
    STALL_AT_START,
    /** Read and record every request, answer none (the peer's reply timeout fires). */
    NO_RESPONSE,
    /** Record a request, then close its connection instead of answering. */
    DISCONNECT_AFTER_REQUEST,
    /** Answer every request with bytes that are no PHP value (gateway) or no JSON line (register). */
    GARBAGE_REPLY
}
