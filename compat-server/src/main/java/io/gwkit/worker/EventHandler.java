package io.gwkit.worker;

/**
 * Business logic of a {@link BusinessWorker}: the Java counterpart of PHP's {@code Events} class. Every method has
 * a no-op default, so a handler overrides only what it needs.
 *
 * <h2>Which thread runs it</h2>
 * <ul>
 *   <li><b>Default, PHP's model</b> ({@link BusinessWorker.Builder#handlerThreads} 0, also the default of {@code gw
 *   worker} and {@code gw start}): one worker handles one event at a time, on its event loop thread, in the order
 *   the gateways sent them; timers ({@link WorkerContext#addTimer}) run on the same thread between events. State in
 *   the handler's fields needs no locking: one handler instance per worker, and {@code gw worker --count N}
 *   ({@link BusinessWorker.Builder#count}) makes N workers, N event loops with an instance each, as PHP's N
 *   processes; {@code onWorkerStart} runs once per instance. A handler that blocks (a database call,
 *   {@link WorkerContext#blocking()}) holds up every client of this worker, as in PHP: scale out with more workers. An event that runs longer than the worker's
 *   {@code processTimeout} ({@link BusinessWorker.Builder#processTimeout}, default 10 s) is logged with its client
 *   and the stack of the thread.</li>
 *   <li><b>Executor mode</b> ({@link BusinessWorker.Builder#handlerThreads} &gt; 0, {@code gw worker --handler-threads
 *   N}): for handlers that block on I/O. Events run on a pool of N threads; the events of one client still run one
 *   at a time and in order, but different clients' events (and timers) run in parallel, so shared state in fields
 *   must be thread-safe. {@code gw worker --webhook} always runs in this mode (the largest of
 *   {@code --handler-threads}, 4 and {@code --webhook-concurrency} threads), since a handler thread waits for its POST.</li>
 * </ul>
 * An exception thrown by a handler is logged with the client_id and does not affect other events; the session
 * changes of a failed event are dropped.
 */
public interface EventHandler {

    /** Once, before the worker subscribes to the register (PHP's {@code onWorkerStart}). */
    default void onWorkerStart(WorkerContext worker) {
    }

    /** A client connected to a gateway (cmd 1). For websocket clients this comes before the handshake. */
    default void onConnect(EventContext ctx, String clientId) {
    }

    /**
     * A client sent a message (cmd 3). {@code message} is the body decoded as UTF-8 (invalid sequences
     * replaced); {@link EventContext#messageBytes()} gives the exact bytes.
     */
    default void onMessage(EventContext ctx, String clientId, String message) {
    }

    /** A client disconnected (cmd 4). Its session is readable; changes to it are not written back. */
    default void onClose(EventContext ctx, String clientId) {
    }

    /**
     * A websocket client completed its handshake (cmd 205): its path, query, headers, cookies and address, and
     * {@link WebSocketRequest#phpData()}, PHP's {@code ['get' => ..., 'server' => ..., 'cookie' => ...]}.
     */
    default void onWebSocketConnect(EventContext ctx, String clientId, WebSocketRequest request) {
    }

    /** Once, after the last event finished, while the gateway connections are still open. */
    default void onWorkerStop(WorkerContext worker) {
    }
}
