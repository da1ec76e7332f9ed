package io.gwkit.worker;

import io.gwkit.php.PhpArray;

/**
 * Business logic of a {@link BusinessWorker}: the Java counterpart of PHP's {@code Events} class.
 *
 * <p>Every method has a no-op default, so a handler overrides only what it needs. Events of one client run
 * one at a time, in the order the gateway sent them, on a worker thread (never a Netty event loop); events
 * of different clients run in parallel, so a slow handler only delays its own client. A handler may block
 * (for example on a {@link WorkerContext#getSession} request). An exception thrown by a handler is logged
 * with the client_id and does not affect other events; the session changes of a failed event are dropped.
 */
public interface EventHandler {

    /** Once, before the worker subscribes to the register. */
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
     * A websocket client completed its handshake (cmd 205). {@code data} is PHP-shaped:
     * {@code ['get' => [...], 'server' => [...], 'cookie' => [...]]}.
     */
    default void onWebSocketConnect(EventContext ctx, String clientId, PhpArray data) {
    }

    /** Once, after the last event finished, while the gateway connections are still open. */
    default void onWorkerStop(WorkerContext worker) {
    }
}
