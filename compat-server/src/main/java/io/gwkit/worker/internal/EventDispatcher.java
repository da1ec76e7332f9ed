package io.gwkit.worker.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.worker.EventHandler;
import io.gwkit.worker.WebSocketRequest;
import io.gwkit.worker.WorkerStats;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns gateway event frames into handler calls: per-client ordering, session decoding, the CRC32
 * stale-session refresh (cmd 203) before the handler, and the cmd 204 write-back after it (docs/PROTOCOL.md §5).
 */
public final class EventDispatcher implements GatewayLinks.FrameListener {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final byte[] NO_MESSAGE = new byte[0];
    private static final AttributeKey<Boolean> WARNED = AttributeKey.valueOf("gwkit.worker.unexpectedFrameLogged");

    /** Timer runs share one key: they run one at a time, in order, beside the clients' events. */
    private static final Object TIMER_KEY = new Object();

    private final EventHandler handler;
    private final SlowEvents slow;
    private final WorkerStats stats;
    private final KeyedSerialExecutor executor;
    private final int maxPendingEvents;
    /** Handlers run on the I/O thread that read the frame (BusinessWorker handlerThreads 0). */
    private final boolean inline;
    /** Connections whose reading is paused because too many events wait for handlers. */
    private final Set<Channel> paused = ConcurrentHashMap.newKeySet();
    /** Every open gateway connection: while one of them is {@link #full}, none is read. */
    private final Set<Channel> links = ConcurrentHashMap.newKeySet();
    /** Gateway connections whose unsent bytes passed the worker's sendToGatewayBufferSize (not yet below half). */
    private final Set<Channel> full = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private RealWorkerContext worker;
    /** crc32 of the session string last seen or written per client_id: PHP's "_sessionVersion". */
    private final Map<String, Long> sessionVersions = new ConcurrentHashMap<>();

    /**
     * @param maxPendingEvents events waiting for or in handlers above which the worker stops reading from a
     *                         gateway until half of them are done (PHP's worker reads nothing while a handler
     *                         runs; this keeps a flood from filling the heap)
     * @param inline           run handlers on the I/O thread that read the frame, one at a time
     * @param slow             watches handler calls that run too long (PHP's processTimeout)
     * @param stats            where the events are counted (shared by the loops of one worker)
     */
    public EventDispatcher(EventHandler handler, KeyedSerialExecutor executor, int maxPendingEvents, boolean inline,
                           SlowEvents slow, WorkerStats stats) {
        this.stats = stats;
        this.slow = slow;
        this.handler = handler;
        this.executor = executor;
        this.maxPendingEvents = maxPendingEvents;
        this.inline = inline;
        executor.afterEachTask(this::resumeIfDrained);
    }

    /** Graceful stop begun: paused connections stay paused. */
    public void stopping() {
        stopping = true;
    }

    public WorkerStats stats() {
        return stats;
    }

    public void bind(RealWorkerContext worker) {
        this.worker = worker;
    }

    /**
     * Runs a task (a timer's) as events run: at once on this thread when handlers run inline (the caller is the
     * worker's event loop), else on the handler pool, one timer task at a time.
     */
    public void runTask(Runnable task) {
        if (inline) {
            runWatched("a timer", task);
            return;
        }
        try {
            executor.execute(TIMER_KEY, () -> runWatched("a timer", task));
        } catch (RejectedExecutionException e) {
            LOG.debug("worker stopped: timer not run");
        }
    }

    private void runWatched(String what, Runnable task) {
        SlowEvents.Running r = slow.begin(what, null);
        try {
            task.run();
        } finally {
            slow.end(r);
        }
    }

    @Override
    public void onFrame(String gatewayAddress, Channel channel, GatewayFrame frame) {
        Command cmd = frame.command();
        if (cmd == null) {
            warnOnce(channel, "gateway {} sent unknown command {}; ignored", gatewayAddress, frame.cmd());
            return;
        }
        switch (cmd) {
            case PING:
                return;
            case ON_CONNECT:
            case ON_MESSAGE:
            case ON_CLOSE:
            case ON_WEBSOCKET_CONNECT:
                ClientId id = new ClientId(frame.localIp(), frame.localPort(), frame.connectionId());
                String clientId = id.toString();
                HandledEvents books = HandledEvents.of(channel);
                long number = books == null ? 0 : books.received();
                if (inline) {
                    try {
                        handle(cmd, id, clientId, channel, frame);
                    } catch (RuntimeException e) { // as the pool's executor: logged, the gateway link stays
                        LOG.error("event {} for client {} failed", cmd, clientId, e);
                    } finally {
                        finished(books, number);
                    }
                    return;
                }
                try {
                    executor.execute(clientId, () -> {
                        try {
                            handle(cmd, id, clientId, channel, frame);
                        } finally {
                            finished(books, number);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    LOG.warn("worker stopped: dropped {} for client {}", cmd, clientId);
                    return;
                }
                if (executor.pending() >= maxPendingEvents && paused.add(channel)) {
                    applyReading(channel);
                    LOG.warn("{} events waiting for handlers: pausing reads from gateway {}", maxPendingEvents,
                            gatewayAddress);
                    resumeIfDrained(); // the handlers may have caught up before the pause was recorded
                }
                return;
            default:
                warnOnce(channel, "gateway {} sent {} on a worker connection; ignored", gatewayAddress, cmd);
        }
    }

    /** A handler is done with an event: counted for the gateway's acknowledgement, when it asked for them. */
    private static void finished(HandledEvents books, long number) {
        if (books != null) {
            books.finished(number);
        }
    }

    /** The first unexpected frame on a connection at WARN, the rest at DEBUG: a flood is one line. */
    private static void warnOnce(Channel channel, String format, Object... args) {
        if (channel.attr(WARNED).setIfAbsent(Boolean.TRUE) == null) {
            LOG.warn(format, args);
        } else {
            LOG.debug(format, args);
        }
    }

    private void resumeIfDrained() {
        if (paused.isEmpty() || stopping || executor.pending() > maxPendingEvents / 2) {
            return;
        }
        for (Channel ch : paused) {
            if (paused.remove(ch)) {
                applyReading(ch);
                LOG.info("handlers caught up: reading from gateway {} again", ch.remoteAddress());
            }
        }
    }

    /**
     * The one place that sets a gateway connection's {@code autoRead}: it reads unless too many of its events wait
     * for handlers, or some gateway connection is full (a handler's reply to any event may go to any gateway, so
     * what feeds a full one is every connection's events), or the worker is stopping.
     */
    private synchronized void applyReading(Channel ch) {
        ch.config().setAutoRead(!stopping && !paused.contains(ch) && full.isEmpty());
    }

    @Override
    public void onConnected(String gatewayAddress, Channel channel) {
        links.add(channel);
        channel.closeFuture().addListener(f -> {
            links.remove(channel);
            paused.remove(channel);
            if (full.remove(channel) && full.isEmpty()) {
                links.forEach(this::applyReading);
            }
        });
        applyReading(channel);
    }

    @Override
    public void onWritabilityChanged(String gatewayAddress, Channel channel) {
        if (!channel.isWritable()) {
            if (full.add(channel)) {
                stats.gatewayFull();
                LOG.warn("gateway {} is not reading: its unsent bytes passed the worker's send buffer size; "
                        + "pausing reads from every gateway until it drains", gatewayAddress);
                links.forEach(this::applyReading);
            }
        } else if (full.remove(channel)) {
            LOG.info("gateway {} drained: reading events again", gatewayAddress);
            links.forEach(this::applyReading);
        }
    }

    @Override
    public void onDisconnected(String gatewayAddress) {
        // the gateway's next events carry current sessions again; forget versions of its clients
        sessionVersions.keySet().removeIf(id -> ClientId.parse(id).gatewayAddress().equals(gatewayAddress));
    }

    private void handle(Command cmd, ClientId id, String clientId, Channel channel, GatewayFrame frame) {
        byte[] ext = frame.extData();
        long version = SessionCodec.crc32(ext);
        Long known = sessionVersions.get(clientId);
        PhpArray session;
        if (cmd != Command.ON_CLOSE && known != null && known != version) {
            session = fetchSession(clientId, ext);
            sessionVersions.put(clientId, version);
        } else {
            if (known == null) {
                sessionVersions.put(clientId, version);
            }
            session = SessionCodec.decode(ext, clientId);
        }
        boolean hadSession = session != null;
        if (session == null) {
            session = new PhpArray();
        }
        byte[] before = hadSession ? PhpSerializer.serialize(session) : null;

        byte[] message = cmd == Command.ON_MESSAGE ? messageBytes(frame, clientId) : NO_MESSAGE;
        RealEventContext ctx = new RealEventContext(worker, frame, id, clientId, channel, session, message, before);
        long started = System.nanoTime();
        SlowEvents.Running watched = slow.begin(HANDLER_NAMES.get(cmd), clientId);
        try {
            switch (cmd) {
                case ON_CONNECT:
                    handler.onConnect(ctx, clientId);
                    break;
                case ON_MESSAGE:
                    handler.onMessage(ctx, clientId, new String(message, StandardCharsets.UTF_8));
                    break;
                case ON_CLOSE:
                    sessionVersions.remove(clientId);
                    handler.onClose(ctx, clientId);
                    break;
                default:
                    handler.onWebSocketConnect(ctx, clientId,
                            WebSocketRequest.of(webSocketData(frame, clientId), ctx.clientIp(), ctx.clientPort()));
                    break;
            }
        } catch (RuntimeException | Error e) {
            stats.error();
            LOG.error("handler {} failed for client {}", cmd, clientId, e);
            return;
        } finally {
            slow.end(watched);
            stats.handled(cmd, System.nanoTime() - started);
        }
        before = ctx.sessionBaseline(); // setSession/updateSession of the current client already sent theirs
        if (cmd == Command.ON_CLOSE || (before == null && session.isEmpty())) {
            return;
        }
        byte[] after;
        try {
            after = PhpSerializer.serialize(session);
        } catch (RuntimeException e) {
            LOG.error("client {}: the handler put a value PHP cannot hold in the session; not written back: {}",
                    clientId, e.toString());
            return;
        }
        if (!Arrays.equals(before, after)) {
            ctx.writeSession(after);
            sessionVersions.put(clientId, SessionCodec.crc32(after));
        }
    }

    private static final Map<Command, String> HANDLER_NAMES = Map.of(Command.ON_CONNECT, "onConnect",
            Command.ON_MESSAGE, "onMessage", Command.ON_CLOSE, "onClose", Command.ON_WEBSOCKET_CONNECT,
            "onWebSocketConnect");

    /** Another party changed the session since this worker last saw it: ask the gateway (new connection). */
    private PhpArray fetchSession(String clientId, byte[] fallback) {
        try {
            return worker.fetchSession(clientId);
        } catch (RuntimeException e) {
            // one line per event: if the event's copy is undecodable too, that is not logged again
            LOG.warn("client {}: session refresh failed ({}); using the event's session", clientId, e.getMessage());
            return SessionCodec.decodeArray(fallback, clientId, null);
        }
    }

    /** The message bytes: the body itself when it is a string (flag 0x01), else the string it serializes. */
    private static byte[] messageBytes(GatewayFrame frame, String clientId) {
        if (frame.isScalarBody()) {
            return frame.body();
        }
        try {
            Object value = PhpSerializer.unserialize(frame.body(), SessionCodec.LIMITS);
            if (value instanceof String || value instanceof PhpBytes) {
                return PhpBytes.bytesOf(value);
            }
        } catch (RuntimeException e) {
            LOG.debug("client {}: message body is not a serialized string", clientId, e);
        }
        return frame.body();
    }

    private static PhpArray webSocketData(GatewayFrame frame, String clientId) {
        PhpArray data = frame.isScalarBody() ? null
                : SessionCodec.decodeArray(frame.body(), clientId, "websocket request data");
        return data == null ? new PhpArray() : data;
    }
}
