package io.gwkit.worker;

import io.gwkit.php.PhpArray;
import java.util.Map;

/**
 * One client event as a handler sees it: the client, its session and PHP's {@code *CurrentClient} operations,
 * besides everything of {@link WorkerContext}. Valid only during the handler call that received it.
 */
public interface EventContext extends WorkerContext {

    /** The 20-hex-digit client_id of the client this event is about. */
    String clientId();

    /** The client's IPv4 address as the gateway saw it. */
    String clientIp();

    int clientPort();

    /** The inner address ({@code lanIp:lanPort}) of the gateway holding the client. */
    String gatewayAddress();

    /** The client-facing port of the gateway the client connected to. */
    int gatewayPort();

    /**
     * The client's session, PHP's {@code $_SESSION}: a mutable ordered map, never null (empty when the client has
     * none). When the handler changed it, the whole session is written back to the gateway (cmd 204) after the
     * handler returns. {@link #setSession} / {@link #updateSession} of the current client change it at once.
     *
     * <p>PHP values map to Java types, both ways, by one table: int → {@code Long}, float → {@code Double},
     * bool → {@code Boolean}, null → {@code null}, string → {@code String} ({@code PhpBytes} when not valid
     * UTF-8), array → {@code PhpArray} (keys {@code Long} or {@code String}). Java values put into it are
     * converted on write: {@code Integer}/{@code Short}/{@code Byte} as int, {@code Float} as float, any
     * {@code Map}/{@code List} as array. A value PHP cannot hold is reported, and the session is not written.
     */
    PhpArray session();

    /** The exact bytes of the message being handled; empty for events other than onMessage. */
    byte[] messageBytes();

    /** Whether the message being handled came in a binary websocket frame (a Java gateway says so; PHP's do not). */
    boolean messageIsBinary();

    void sendToCurrentClient(String message);

    void sendToCurrentClient(byte[] message);

    /** Sends bytes to the current client; {@code raw} skips the client protocol's encoding. */
    void sendToCurrentClient(byte[] message, boolean raw);

    /** {@link #sendBinaryToClient} to the current client. */
    void sendBinaryToCurrentClient(byte[] message);

    void closeCurrentClient();

    /** Closes the current client after the gateway sends it {@code message}. */
    void closeCurrentClient(String message);

    void destroyCurrentClient();

    /** {@link #setSession(String, Map)} for the current client. */
    void setSession(Map<String, ?> session);

    /** {@link #updateSession(String, Map)} for the current client. */
    void updateSession(Map<String, ?> session);
}
