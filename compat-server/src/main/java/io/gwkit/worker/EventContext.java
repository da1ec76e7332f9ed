package io.gwkit.worker;

import io.gwkit.php.PhpArray;

/**
 * One client event as a handler sees it: the client, its session and shortcuts for answering it. Valid only
 * during the handler call that received it.
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
     * The client's session, PHP's {@code $_SESSION}: a mutable ordered map, never null (empty when the
     * client has none). When the handler changed it, the whole session is written back to the gateway
     * (cmd 204) after the handler returns.
     */
    PhpArray session();

    /** The exact bytes of the message being handled; empty for events other than onMessage. */
    byte[] messageBytes();

    void sendToCurrentClient(String message);

    void sendToCurrentClient(byte[] message, boolean raw);

    /** Closes the current client after the gateway sends it {@code message} (null: nothing). */
    void closeCurrentClient(String message);

    void destroyCurrentClient();
}
