package io.gwkit.gateway.internal;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayStats;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.protocol.Ipv4;
import io.gwkit.server.internal.LogText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's state: clients, uid and group indexes, connected workers, and how events reach them
 * (docs/PROTOCOL.md §4) of one {@link Shard}. Every method runs on the shard's event loop, like one PHP gateway
 * process, so nothing here is locked; that loop also does its clients' and inner connections' I/O.
 */
public final class GatewayCore {

    private static final Logger log = LoggerFactory.getLogger(GatewayCore.class);
    private static final long MAX_CONNECTION_ID = 0xFFFF_FFFFL;

    final Settings settings;
    final GatewayStats stats;
    /** The state thread's loop (also every inner connection's). */
    private final EventLoop stateLoop;
    /** The inner connection whose command is being handled now, or null (set by {@link InnerHandler}). */
    InnerConnection sender;
    private final GatewayHooks hooks;
    private final long lanIp;
    private volatile int lanPort;
    private final long startNanos = System.nanoTime();

    /** This shard's clients by id, uid and group. */
    final ClientIndex clients = new ClientIndex();
    final Map<String, InnerConnection> workers = new LinkedHashMap<>();
    private long lastConnectionId;
    /** Events waiting for a worker while none is connected, oldest first (see {@link #holdForWorker}). */
    private final ArrayDeque<HeldEvent> heldForWorker = new ArrayDeque<>();
    private long heldBytes;
    private java.util.concurrent.ScheduledFuture<?> gapTimer;
    /** The gwkit acknowledgement extension: which clients a dead worker may have lost an event of. */
    final WorkerAckBooks workerAcks = new WorkerAckBooks(this);
    /** Messages to this shard's clients, with backpressure. */
    private final ClientOutput out;
    /** Which worker each client's events go to. */
    private final WorkerRouter router;

    public GatewayCore(Settings settings, GatewayStats stats, EventLoop stateLoop) {
        this.settings = settings;
        this.stats = stats;
        this.stateLoop = stateLoop;
        this.hooks = settings.hooks();
        this.lanIp = Ipv4.parse(settings.lanIp());
        this.lanPort = settings.lanPort();
        this.out = new ClientOutput(this, stateLoop);
        this.router = new WorkerRouter(this, workers);
    }

    /**
     * Whether the caller runs on this shard's loop, as every entry point here must (they assert it: the state is
     * that loop's alone, unlocked).
     */
    boolean onStateLoop() {
        return stateLoop.inEventLoop();
    }

    /** The announced inner port (lanPort); set once the inner listener is bound when lanPort was 0. */
    public void lanPort(int port) {
        this.lanPort = port;
    }

    public int lanPort() {
        return lanPort;
    }

    // ---------------------------------------------------------------- end clients

    void clientConnected(ClientConnection client) {
        assert onStateLoop() : "off the shard's loop";
        client.id = nextConnectionId();
        client.lanIp = lanIp;
        client.lanPort = lanPort;
        clients.add(client);
        stats.clientConnected();
        hook("onConnect", () -> hooks.onConnect(client));
        sendToWorker(Command.ON_CONNECT, client, new byte[0], GatewayFrame.FLAG_SCALAR);
    }

    /** A message from a client; {@code binary}: it came in a binary websocket frame (flag {@code FLAG_BINARY}). */
    void clientMessage(ClientConnection client, byte[] message, boolean binary) {
        assert onStateLoop() : "off the shard's loop";
        client.pingNotResponseCount = -1;
        stats.messageReceived(message.length);
        sendToWorker(Command.ON_MESSAGE, client, message,
                binary ? GatewayFrame.FLAG_SCALAR | GatewayFrame.FLAG_BINARY : GatewayFrame.FLAG_SCALAR);
    }

    /** A websocket ping (pong: false) or pong (true) from a client, for the hooks. */
    void websocketControl(ClientConnection client, byte[] payload, boolean pong) {
        assert onStateLoop() : "off the shard's loop";
        if (pong) {
            hook("onWebSocketPong", () -> hooks.onWebSocketPong(client, payload));
        } else {
            hook("onWebSocketPing", () -> hooks.onWebSocketPing(client, payload));
        }
    }

    /**
     * The websocket handshake was accepted: take the hook's session and frame type, tell the worker, then answer
     * 101 and flush queued messages.
     */
    void websocketConnected(ClientConnection client, WebSocketUpgrade upgrade) {
        assert onStateLoop() : "off the shard's loop";
        ByteBuf response = upgrade.response();
        byte[] serializedRequest = upgrade.serializedRequest();
        if (client.closed) {
            response.release();
            return;
        }
        if (upgrade.session() != null) {
            client.session = upgrade.session();
        }
        if (upgrade.frameType() != null) {
            client.frameType = upgrade.frameType();
        }
        sendToWorker(Command.ON_WEBSOCKET_CONNECT, client, serializedRequest, 0);
        client.handshakeDone = true;
        client.channel.write(response);
        if (client.beforeHandshake != null) {
            for (OutboundMessage m : client.beforeHandshake) {
                int flag = (m.raw() ? GatewayFrame.FLAG_RAW : 0) | (m.binary() ? GatewayFrame.FLAG_BINARY : 0);
                if (out.admit(client, m.payload().length)) {
                    out.write(client, m.payload(), flag, false);
                }
            }
            client.beforeHandshake = null;
        }
        client.beforeHandshakeBytes = 0;
        client.channel.flush();
    }

    void clientClosed(ClientConnection client) {
        assert onStateLoop() : "off the shard's loop";
        if (client.closed) {
            return;
        }
        client.closed = true;
        out.drained(client);
        stats.clientClosed();
        sendToWorker(Command.ON_CLOSE, client, new byte[0], GatewayFrame.FLAG_SCALAR);
        router.clientClosed(client);
        clients.remove(client);
        hook("onClose", () -> hooks.onClose(client));
    }

    /** Runs a hook (on the state thread): one that throws is logged and counted, nothing else. */
    public void hook(String name, Runnable call) {
        if (hooks == GatewayHooks.NONE) {
            return; // the defaults do nothing
        }
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            stats.hookFailure();
            log.warn("gateway hook {} failed: {}", name, e.toString());
        }
    }

    private long nextConnectionId() {
        if (lastConnectionId >= MAX_CONNECTION_ID) {
            lastConnectionId = 0;
        }
        while (++lastConnectionId <= MAX_CONNECTION_ID) {
            if (!clients.contains(lastConnectionId)) {
                break;
            }
        }
        return lastConnectionId;
    }

    /**
     * Sends an event about {@code client} to its (sticky) worker. With no worker connected the event is held
     * for the next one ({@link Settings.WorkerGap}); past those bounds the client is destroyed, as PHP does.
     */
    private void sendToWorker(Command cmd, ClientConnection client, byte[] body, int flag) {
        if (workers.isEmpty() || !heldForWorker.isEmpty()) {
            holdForWorker(new HeldEvent(cmd, client, body, flag, System.nanoTime()));
            return;
        }
        deliver(cmd, client, body, flag);
    }

    private void deliver(Command cmd, ClientConnection client, byte[] body, int flag) {
        InnerConnection worker = router.workerFor(client);
        byte[] session = client.session;
        long length = (long) GatewayFrame.HEADER_LENGTH + session.length + body.length;
        if (length > settings.maxInnerFrameLength()) {
            // the worker would close the whole link on this frame: only this client goes, its close without the
            // session (which alone may be too long) so the worker still learns of it
            log.warn("{}: {} event of {} bytes (message and session) exceeds the inner frame limit of {} bytes; "
                    + "closing the client", client, cmd, length, settings.maxInnerFrameLength());
            if (cmd != Command.ON_CLOSE) {
                destroy(client);
                return;
            }
            session = new byte[0];
        }
        GatewayFrame frame = new GatewayFrame(cmd.code(), lanIp, lanPort, client.clientIp, client.clientPort,
                client.id, flag, client.gatewayPort, session, body);
        boolean written = sendToInner(worker, GatewayFrameCodec.encode(frame));
        if (worker.acks != null) {
            workerAcks.written(worker, client, written);
        }
    }

    // ---------------------------------------------------------------- worker gaps

    /** An event waiting for a worker; the frame is made on delivery, with the client's session then. */
    private record HeldEvent(Command cmd, ClientConnection client, byte[] body, int flag, long heldAtNanos) {
    }

    private void holdForWorker(HeldEvent event) {
        Settings.WorkerGap gap = settings.workerGap();
        if (gap.timeout().isZero() || heldForWorker.size() >= gap.events()
                || heldBytes + event.body().length > gap.bytes()) {
            stats.workerGapDrop();
            if (System.nanoTime() - startNanos > 2_000_000_000L && !event.client().closed) {
                log.warn("no BusinessWorker connected: closing {} (cmd {}{})", event.client(), event.cmd(),
                        gap.timeout().isZero() ? "" : ", " + heldForWorker.size() + " events held already");
            }
            destroy(event.client());
            return;
        }
        heldForWorker.add(event);
        heldBytes += event.body().length;
        if (gapTimer == null) {
            gapTimer = stateLoop.schedule(this::workerGapTimeout, gap.timeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** A worker is back: everything held goes to the workers, in the order it happened. */
    private void deliverHeld() {
        if (gapTimer != null) {
            gapTimer.cancel(false);
            gapTimer = null;
        }
        int count = heldForWorker.size();
        while (!heldForWorker.isEmpty()) {
            HeldEvent e = heldForWorker.poll();
            deliver(e.cmd(), e.client(), e.body(), e.flag());
        }
        if (count > 0) {
            log.info("a worker is back: delivered {} events ({} bytes) held while none was connected", count,
                    heldBytes);
        }
        heldBytes = 0;
    }

    /** No worker came back in time: the held events are dropped and their clients closed. */
    private void workerGapTimeout() {
        gapTimer = null;
        if (heldForWorker.isEmpty()) {
            return;
        }
        long timeout = settings.workerGap().timeout().toNanos();
        long age = System.nanoTime() - heldForWorker.peek().heldAtNanos();
        if (age < timeout) {
            gapTimer = stateLoop.schedule(this::workerGapTimeout, timeout - age, TimeUnit.NANOSECONDS);
            return;
        }
        java.util.Set<ClientConnection> waiting = new java.util.LinkedHashSet<>();
        for (HeldEvent e : heldForWorker) {
            waiting.add(e.client());
            stats.workerGapDrop();
        }
        log.warn("no BusinessWorker connected for {} ms: dropping {} held events, closing {} clients",
                TimeUnit.NANOSECONDS.toMillis(timeout), heldForWorker.size(), waiting.size());
        heldForWorker.clear();
        heldBytes = 0;
        for (ClientConnection c : waiting) {
            destroy(c);
        }
    }

    // ---------------------------------------------------------------- sending to clients ({@link ClientOutput})

    /** {@link ClientOutput#sendToMany}. */
    void sendToMany(Iterable<ClientConnection> clients, byte[] payload, int flag) {
        out.sendToMany(clients, payload, flag);
    }

    /** {@link ClientOutput#send}. */
    void send(ClientConnection client, byte[] payload, int flag) {
        out.send(client, payload, flag);
    }

    /** {@link ClientOutput#destroy}. */
    void destroy(ClientConnection client) {
        out.destroy(client);
    }

    /** {@link ClientOutput#kick}. */
    void kick(ClientConnection client, byte[] message) {
        out.kick(client, message);
    }

    /** The most unsent bytes one client connection has had queued here (bounded by the send buffer limit). */
    public long clientPendingBytesPeak() {
        return out.clientPendingBytesPeak();
    }

    // ---------------------------------------------------------------- inner link

    /**
     * Writes encoded bytes to an inner connection. When its buffer is full: to a worker, the frame is dropped
     * as PHP does (logged at most once a minute per connection); a GatewayClient connection is closed instead, since a dropped
     * reply would pair its next replies with the wrong requests (it sends requests and reads no replies).
     * The flush comes once per state-loop tick, so a burst of client messages to one worker is one syscall.
     */
    boolean sendToInner(InnerConnection inner, byte[] bytes) {
        long size = bytes.length;
        long limit = settings.workerSendBufferLimit();
        if (inner.pendingBytes.get() >= limit) {
            if (inner.workerKey == null) {
                if (!inner.rejected()) {
                    stats.sendBufferClose();
                    log.warn("{} reads no replies: send buffer over {} bytes, closing", inner, limit);
                    inner.reject();
                }
                return false;
            }
            inner.droppedFrames++;
            stats.sendBufferDrop();
            inner.warn(log, "send buffer to {} is over {} bytes: frame of {} bytes dropped ({} so far)", inner,
                    limit, size, inner.droppedFrames);
            return false;
        }
        inner.pendingBytes.addAndGet(size);
        inner.channel.write(Unpooled.wrappedBuffer(bytes))
                .addListener(f -> inner.pendingBytes.addAndGet(-size));
        inner.flushSoon();
        return true;
    }

    void workerConnected(InnerConnection inner, String key) {
        assert onStateLoop() : "off the shard's loop";
        InnerConnection old = workers.get(key);
        if (old != null && old != inner) {
            log.warn("worker name conflict, key {}: closing the older connection", LogText.escape(key));
            workerClosed(old);
            old.close();
        }
        inner.workerKey = key;
        workerAcks.offer(inner); // before any event can be routed to it
        if (workers.put(key, inner) != inner) { // a repeated cmd 200 on the same connection is still one worker
            stats.workerConnected();
        }
        router.workerAdded(key);
        log.info("worker {} connected", inner);
        hook("onBusinessWorkerConnected", () -> hooks.onBusinessWorkerConnected(key, inner.remoteAddress()));
        deliverHeld();
    }

    void workerClosed(InnerConnection inner) {
        assert onStateLoop() : "off the shard's loop";
        if (inner.workerKey != null && workers.get(inner.workerKey) == inner) {
            workers.remove(inner.workerKey);
            stats.workerClosed();
            router.workerRemoved(inner.workerKey);
            log.info("worker {} disconnected", inner);
            hook("onBusinessWorkerClosed", () -> hooks.onBusinessWorkerClosed(inner.workerKey, inner.remoteAddress()));
        }
    }

    /**
     * A stopping gwkit worker asked to be drained ({@link io.gwkit.server.internal.WorkerDrain}): no more events go
     * to it (its clients move on with their next event, or are held while no worker is left); the answer follows
     * every event already written to it. Its connection stays open for what its handlers still send.
     */
    void workerDraining(InnerConnection inner) {
        assert onStateLoop() : "off the shard's loop";
        if (inner.workerKey != null && workers.get(inner.workerKey) == inner) {
            log.info("worker {} is stopping: no more events to it", inner);
            workerClosed(inner);
        }
        sendToInner(inner, GatewayFrameCodec.encode(io.gwkit.server.internal.WorkerDrain.frame()));
    }

    /** connection id → the client's remote address ({@code ip:port}), in id order. Call on the state thread. */
    public Map<Long, String> clientAddresses() {
        assert onStateLoop() : "off the shard's loop";
        Map<Long, String> addresses = new java.util.TreeMap<>();
        clients.all().forEach(c -> addresses.put(c.id, c.channel.remoteAddress() instanceof java.net.InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(c.channel.remoteAddress())));
        return addresses;
    }

    /** Workers whose cmd 200 was accepted. Call on the state thread. */
    public int workerCount() {
        assert onStateLoop() : "off the shard's loop";
        return workers.size();
    }

    /** cmd 201 to every worker (keeps NAT/firewall state alive when the gateway is not on loopback). */
    public void pingWorkers() {
        assert onStateLoop() : "off the shard's loop";
        byte[] ping = GatewayFrameCodec.encode(GatewayFrame.request(Command.PING, 0, GatewayFrame.FLAG_SCALAR, null,
                null));
        for (InnerConnection worker : workers.values()) {
            sendToInner(worker, ping);
        }
    }

    /** One heartbeat tick, PHP's Gateway::ping (called every pingInterval, or half of it with a limit). */
    public void heartbeat() {
        assert onStateLoop() : "off the shard's loop";
        byte[] pingData = settings.pingData();
        int limit = settings.pingNotResponseLimit();
        for (ClientConnection client : new ArrayList<>(clients.all())) {
            if (limit > 0 && client.pingNotResponseCount >= limit * 2) {
                log.info("{}: no message for {} heartbeat intervals, closing", client, limit);
                destroy(client);
                continue;
            }
            client.pingNotResponseCount++;
            if (pingData != null && pingData.length > 0) {
                if (client.pingNotResponseCount == 0
                        || (limit > 0 && client.pingNotResponseCount % 2 == 1)) {
                    continue;
                }
                send(client, pingData, 0);
            }
        }
    }
}
