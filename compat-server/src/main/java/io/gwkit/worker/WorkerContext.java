package io.gwkit.worker;

import io.gwkit.client.AsyncGatewayClient;
import io.gwkit.client.GatewayClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Everything a handler does outside of one client's event: PHP's {@code Gateway} class as a BusinessWorker uses
 * it, with GatewayClient's argument shapes, plus timers and the application's configuration.
 *
 * <h2>Sends never block</h2>
 * The methods that change state or push messages ({@code sendTo*}, {@code closeClient}, {@code bindUid},
 * {@code joinGroup}, {@code setSession} …) return at once: the request is written, in call order, to the worker's
 * connection to the gateway that holds the target (to every gateway for fan-outs). A failure (gateway gone,
 * client_id of an unknown gateway) is logged, not thrown; a malformed client_id throws
 * {@link io.gwkit.protocol.InvalidClientIdException} at once.
 *
 * <h2>Queries</h2>
 * Every query ({@code isOnline}, {@code getClientIdCountByGroup}, {@code getAllClientSessions}, {@code getSession}
 * …) is on {@link #async()} as a {@code CompletableFuture}, and on {@link #blocking()} as a call that blocks until
 * the gateways answer. A blocking call in a handler holds up this worker's other events under the default
 * one-event-at-a-time model (see {@link EventHandler}), exactly as in PHP.
 *
 * <p>Every method is thread-safe.
 */
public interface WorkerContext {

    /** The worker's name; with {@link #workerIndex()} it forms the {@code worker_key} sent in cmd 200. */
    String workerName();

    int workerIndex();

    /** Inner addresses of the gateways the register currently lists. */
    List<String> gatewayAddresses();

    /** The application's configuration: {@code gw worker --app-config FILE} and the environment. */
    AppConfig config();

    // ---- timers (Workerman's Timer::add / Timer::del) ----

    /**
     * Runs {@code task} after {@code delay}, then, when {@code repeat}, every {@code delay} again until cancelled
     * (PHP's {@code Timer::add($seconds, $callback, [], $persistent)}). The task runs like an event: on the worker's
     * event loop, one at a time with the events, under the handler's concurrency model. An exception it throws is
     * logged; a repeating timer keeps running. Timers end when the worker stops.
     *
     * @throws IllegalArgumentException when {@code delay} is not positive
     */
    WorkerTimer addTimer(Duration delay, boolean repeat, Runnable task);

    // ---- queries ----

    /** Every query (and every other Gateway operation) as a {@code CompletableFuture}; never blocks. */
    AsyncGatewayClient async();

    /**
     * Every query (and every other Gateway operation) as a call that blocks until the gateways answer (10 s at
     * most) and throws {@link io.gwkit.client.GatewayClientException} subclasses on failure. Do not close it.
     */
    GatewayClient blocking();

    // ---- sends: never block; failures are logged ----

    /** Sends a message to every client of every gateway (cmd 6). */
    void sendToAll(String message);

    void sendToAll(byte[] message);

    /**
     * Sends to every client, or only to {@code clientIds} when not null, except {@code excludeClientIds};
     * {@code raw} skips the client protocol's encoding (PHP's {@code $raw}).
     */
    void sendToAll(String message, Collection<String> clientIds, Collection<String> excludeClientIds, boolean raw);

    void sendToAll(byte[] message, Collection<String> clientIds, Collection<String> excludeClientIds, boolean raw);

    /** Sends a message to one client (cmd 5). */
    void sendToClient(String clientId, String message);

    void sendToClient(String clientId, byte[] message);

    /** Sends bytes to one client; {@code raw} skips the client protocol's encoding (flag 0x02). */
    void sendToClient(String clientId, byte[] message, boolean raw);

    /**
     * Sends bytes to one websocket client as a binary frame (opcode 0x2), whatever its connection's frame type
     * (gwkit's flag 0x04; a PHP gateway ignores it and frames it as its connection says).
     */
    void sendBinaryToClient(String clientId, byte[] message);

    /** Sends to every client bound to {@code uid} (cmd 14). */
    void sendToUid(String uid, String message);

    void sendToUid(String uid, byte[] message);

    void sendToUid(Collection<?> uids, String message);

    void sendToUid(Collection<?> uids, byte[] message);

    /** Sends to every client in {@code group} (cmd 15). */
    void sendToGroup(String group, String message);

    void sendToGroup(String group, byte[] message);

    void sendToGroup(Collection<?> groups, String message, Collection<String> excludeClientIds, boolean raw);

    void sendToGroup(Collection<?> groups, byte[] message, Collection<String> excludeClientIds, boolean raw);

    /** Closes a client (cmd 7). */
    void closeClient(String clientId);

    /** Closes a client after the gateway sends it {@code message}. */
    void closeClient(String clientId, String message);

    void closeClient(String clientId, byte[] message);

    /** Drops a client's connection at once (cmd 8; PHP's {@code destoryClient}). */
    void destroyClient(String clientId);

    /** Binds a client to a uid (cmd 12); a client has at most one uid. */
    void bindUid(String clientId, String uid);

    void unbindUid(String clientId, String uid);

    void joinGroup(String clientId, String group);

    void leaveGroup(String clientId, String group);

    /** Removes every client from {@code group} (cmd 23). */
    void ungroup(String group);

    /**
     * Replaces a client's session (PHP's {@code Gateway::setSession}). For the current client of an event it also
     * replaces {@link EventContext#session()}, as PHP's {@code $_SESSION}.
     */
    void setSession(String clientId, Map<String, ?> session);

    /**
     * Merges {@code session} into a client's session (cmd 9, PHP's {@code array_replace_recursive}). For the
     * current client of an event it also merges into {@link EventContext#session()}, as PHP's {@code $_SESSION}.
     */
    void updateSession(String clientId, Map<String, ?> session);
}
