package io.gwkit.worker;

import io.gwkit.client.GatewayClient;
import io.gwkit.php.PhpArray;
import java.util.List;

/**
 * What a handler can do outside of one client's event: the GatewayClient operations, routed over the
 * worker's own gateway connections as PHP's {@code Gateway} class does inside a BusinessWorker.
 *
 * <p>Sends are fire and forget: they are written to the worker's connection to the gateway that holds the
 * target, in call order, and silently dropped (logged at debug) when the worker has no connection to it.
 * Methods that read state ({@link #getSession}) open a short request connection and block for the reply.
 * Every method is thread-safe.
 */
public interface WorkerContext {

    /** The worker's name; with {@link #workerIndex()} it forms the {@code worker_key} sent in cmd 200. */
    String workerName();

    int workerIndex();

    /**
     * The whole GatewayClient API (blocking, with {@code async()} and PHP-named {@code invoke}) routed as in
     * a PHP BusinessWorker: sends over the worker's gateway connections, queries over short new connections,
     * fan-outs to every gateway. Inside an event handler it knows the current client
     * ({@code destroyCurrentClient}). Do not close it.
     */
    GatewayClient gateway();

    /** Inner addresses of the gateways the register currently lists. */
    List<String> gatewayAddresses();

    /** Sends a message to one client (cmd 5). */
    void sendToClient(String clientId, String message);

    /** Sends bytes to one client; {@code raw} skips the client protocol's encoding (flag 0x02). */
    void sendToClient(String clientId, byte[] message, boolean raw);

    /** Sends a message to every client of every gateway (cmd 6). */
    void sendToAll(String message);

    void sendToAll(byte[] message, boolean raw);

    /** Binds a client to a uid (cmd 12); a client has at most one uid. */
    void bindUid(String clientId, String uid);

    void unbindUid(String clientId, String uid);

    void joinGroup(String clientId, String group);

    void leaveGroup(String clientId, String group);

    /** Closes a client (cmd 7), first sending {@code message} when it is not null. */
    void closeClient(String clientId, String message);

    /** Drops a client's connection at once (cmd 8). */
    void destroyClient(String clientId);

    /**
     * The session the gateway holds for a client (cmd 203 over a new connection): an empty array when it has
     * none, null when the client is offline or the worker has no connection to its gateway.
     *
     * @throws java.io.UncheckedIOException when the gateway cannot be reached or does not answer in time
     */
    PhpArray getSession(String clientId);
}
