package io.gwkit.gateway.internal;

import io.gwkit.gateway.GatewayStats;
import io.gwkit.gateway.Router;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.protocol.Ipv4;
import io.gwkit.server.internal.LogText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's state: clients, uid and group indexes, connected workers, and how events reach them
 * (docs/PROTOCOL.md §4). Every method runs on the single state thread, like PHP's one-process gateway, so
 * nothing here is locked; I/O threads only frame bytes.
 */
public final class GatewayCore {

    private static final Logger log = LoggerFactory.getLogger(GatewayCore.class);
    private static final long MAX_CONNECTION_ID = 0xFFFF_FFFFL;

    final Settings settings;
    final GatewayStats stats;
    private final long lanIp;
    private volatile int lanPort;
    private final long startNanos = System.nanoTime();

    final Map<Long, ClientConnection> clients = new LinkedHashMap<>();
    /** normalised uid key → connections bound to it. */
    final Map<Object, Map<Long, ClientConnection>> uids = new LinkedHashMap<>();
    /** normalised group key → member connections. */
    final Map<Object, Map<Long, ClientConnection>> groups = new LinkedHashMap<>();
    final Map<String, InnerConnection> workers = new LinkedHashMap<>();
    /** worker key → clients routed to it (least-connections router). */
    private final Map<String, Long> leastConnections = new LinkedHashMap<>();
    private long lastConnectionId;
    private final AtomicLong clientPendingBytesPeak = new AtomicLong();

    public GatewayCore(Settings settings, GatewayStats stats) {
        this.settings = settings;
        this.stats = stats;
        this.lanIp = Ipv4.parse(settings.lanIp());
        this.lanPort = settings.lanPort();
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
        client.id = nextConnectionId();
        clients.put(client.id, client);
        stats.clientConnected();
        sendToWorker(Command.ON_CONNECT, client, new byte[0], GatewayFrame.FLAG_SCALAR);
    }

    void clientMessage(ClientConnection client, byte[] message) {
        client.pingNotResponseCount = -1;
        stats.messageReceived(message.length);
        sendToWorker(Command.ON_MESSAGE, client, message, GatewayFrame.FLAG_SCALAR);
    }

    /** The websocket handshake was accepted: tell the worker, then answer 101 and flush queued messages. */
    void websocketConnected(ClientConnection client, byte[] serializedRequest, ByteBuf response) {
        if (client.closed) {
            response.release();
            return;
        }
        sendToWorker(Command.ON_WEBSOCKET_CONNECT, client, serializedRequest, 0);
        client.handshakeDone = true;
        client.channel.write(response);
        if (client.beforeHandshake != null) {
            for (OutboundMessage m : client.beforeHandshake) {
                write(client, m.payload(), m.raw(), false);
            }
            client.beforeHandshake = null;
        }
        client.beforeHandshakeBytes = 0;
        client.channel.flush();
    }

    void clientClosed(ClientConnection client) {
        if (client.closed) {
            return;
        }
        client.closed = true;
        stats.clientClosed();
        sendToWorker(Command.ON_CLOSE, client, new byte[0], GatewayFrame.FLAG_SCALAR);
        if (settings.router() == Router.LEAST_CONNECTIONS && client.workerKey != null) {
            leastConnections.computeIfPresent(client.workerKey, (k, n) -> n > 0 ? n - 1 : n);
        }
        clients.remove(client.id);
        if (client.uid != null) {
            removeFromIndex(uids, PhpValues.key(client.uid), client.id);
        }
        if (client.groups != null) {
            for (Object group : client.groups.values()) {
                removeFromIndex(groups, PhpValues.key(group), client.id);
            }
        }
    }

    private long nextConnectionId() {
        if (lastConnectionId >= MAX_CONNECTION_ID) {
            lastConnectionId = 0;
        }
        while (++lastConnectionId <= MAX_CONNECTION_ID) {
            if (!clients.containsKey(lastConnectionId)) {
                break;
            }
        }
        return lastConnectionId;
    }

    /** Sends an event about {@code client} to its (sticky) worker; no worker destroys the client. */
    private void sendToWorker(Command cmd, ClientConnection client, byte[] body, int flag) {
        InnerConnection worker = workerFor(client);
        if (worker == null) {
            if (System.nanoTime() - startNanos > 2_000_000_000L) {
                log.warn("no BusinessWorker connected: closing {} (cmd {})", client, cmd);
            }
            destroy(client);
            return;
        }
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
        sendToInner(worker, GatewayFrameCodec.encode(frame));
    }

    private InnerConnection workerFor(ClientConnection client) {
        if (workers.isEmpty()) {
            return null;
        }
        if (client.workerKey == null || !workers.containsKey(client.workerKey)) {
            client.workerKey = chooseWorker();
        }
        return workers.get(client.workerKey);
    }

    private String chooseWorker() {
        if (settings.router() == Router.RANDOM || leastConnections.isEmpty()) {
            List<String> keys = new ArrayList<>(workers.keySet());
            return keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
        }
        String best = null;
        long min = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : leastConnections.entrySet()) {
            if (e.getValue() < min) {
                min = e.getValue();
                best = e.getKey();
            }
        }
        leastConnections.put(best, min + 1);
        return best;
    }

    // ---------------------------------------------------------------- sending to clients

    /** Sends a message, holding it back until a websocket handshake is done. */
    /**
     * {@link #send} to many clients (sendToAll, sendToGroup): one task per event loop that writes to all of
     * its clients and flushes them, instead of one task per client (gw bench broadcast: the per-client task
     * hand-off from this state thread was most of the gateway's CPU). Tasks run in order per event loop, so
     * each client still gets its messages in the order they were sent.
     */
    void sendToMany(Iterable<ClientConnection> clients, byte[] payload, boolean raw) {
        Map<io.netty.channel.EventLoop, List<ClientConnection>> byLoop = new java.util.HashMap<>();
        for (ClientConnection c : clients) {
            if (c.closed) {
                continue;
            }
            if (!c.handshakeDone) {
                send(c, payload, raw); // queued until the handshake, on this thread
                continue;
            }
            byLoop.computeIfAbsent(c.channel.eventLoop(), k -> new ArrayList<>()).add(c);
        }
        byLoop.forEach((loop, batch) -> {
            Runnable writeAll = () -> {
                for (ClientConnection c : batch) {
                    write(c, payload, raw, false);
                }
                for (ClientConnection c : batch) {
                    c.channel.flush();
                }
            };
            if (loop.inEventLoop()) {
                writeAll.run(); // clients on the state loop (ioThreads 0): a task would let later sends overtake
            } else {
                loop.execute(writeAll);
            }
        });
    }

    void send(ClientConnection client, byte[] payload, boolean raw) {
        if (client.closed) {
            return;
        }
        if (!client.handshakeDone) {
            if (client.beforeHandshakeBytes + payload.length > settings.clientSendBufferLimit()) {
                stats.sendBufferDrop();
                log.warn("{}: send buffer full before the websocket handshake, message of {} bytes dropped",
                        client, payload.length);
                return;
            }
            if (client.beforeHandshake == null) {
                client.beforeHandshake = new ArrayDeque<>(4);
            }
            client.beforeHandshake.add(new OutboundMessage(payload, raw));
            client.beforeHandshakeBytes += payload.length;
            return;
        }
        write(client, payload, raw, true);
    }

    /**
     * {@code flush} makes it one writeAndFlush: this runs on the state thread, so a separate write and flush
     * are two tasks handed to the client's event loop (gw bench broadcast: most of the gateway's CPU).
     */
    private boolean write(ClientConnection client, byte[] payload, boolean raw, boolean flush) {
        long size = payload.length;
        // As Workerman: a message is refused only once the buffer is already full, so one message larger
        // than the limit still goes out to a client that keeps up.
        if (client.pendingBytes.get() >= settings.clientSendBufferLimit()) {
            if (!client.tooSlow) {
                client.tooSlow = true;
                stats.sendBufferClose();
                log.warn("{}: send buffer over {} bytes (client too slow), closing it",
                        client, settings.clientSendBufferLimit());
            }
            destroy(client);
            return false;
        }
        long pending = client.pendingBytes.addAndGet(size);
        stats.messageSent(size);
        if (pending > clientPendingBytesPeak.get()) {
            clientPendingBytesPeak.accumulateAndGet(pending, Math::max);
        }
        OutboundMessage message = new OutboundMessage(payload, raw);
        (flush ? client.channel.writeAndFlush(message) : client.channel.write(message))
                .addListener(f -> client.pendingBytes.addAndGet(-size));
        return true;
    }

    /** The most unsent bytes one client connection has had queued here (bounded by the send buffer limit). */
    public long clientPendingBytesPeak() {
        return clientPendingBytesPeak.get();
    }

    /** Closes at once, dropping whatever is not yet sent (PHP's destroy()). */
    void destroy(ClientConnection client) {
        client.channel.close();
    }

    /** Sends {@code message} (if any), then closes once everything queued has been written. */
    void kick(ClientConnection client, byte[] message) {
        if (message != null) {
            send(client, message, false);
        }
        client.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    // ---------------------------------------------------------------- inner link

    /**
     * Writes encoded bytes to an inner connection. When its buffer is full: to a worker, the frame is dropped
     * as PHP does (logged at most once a minute per connection); a GatewayClient connection is closed instead, since a dropped
     * reply would pair its next replies with the wrong requests (it sends requests and reads no replies).
     * The flush comes once per state-loop tick, so a burst of client messages to one worker is one syscall.
     */
    void sendToInner(InnerConnection inner, byte[] bytes) {
        long size = bytes.length;
        long limit = settings.workerSendBufferLimit();
        if (inner.pendingBytes.get() >= limit) {
            if (inner.workerKey == null) {
                if (!inner.rejected) {
                    stats.sendBufferClose();
                    log.warn("{} reads no replies: send buffer over {} bytes, closing", inner, limit);
                    inner.reject();
                }
                return;
            }
            inner.droppedFrames++;
            stats.sendBufferDrop();
            inner.warn(log, "send buffer to {} is over {} bytes: frame of {} bytes dropped ({} so far)", inner,
                    limit, size, inner.droppedFrames);
            return;
        }
        inner.pendingBytes.addAndGet(size);
        inner.channel.write(Unpooled.wrappedBuffer(bytes))
                .addListener(f -> inner.pendingBytes.addAndGet(-size));
        inner.flushSoon();
    }

    void workerConnected(InnerConnection inner, String key) {
        InnerConnection old = workers.get(key);
        if (old != null && old != inner) {
            log.warn("worker name conflict, key {}: closing the older connection", LogText.escape(key));
            workerClosed(old);
            old.close();
        }
        inner.workerKey = key;
        if (workers.put(key, inner) != inner) { // a repeated cmd 200 on the same connection is still one worker
            stats.workerConnected();
        }
        if (settings.router() == Router.LEAST_CONNECTIONS) {
            leastConnections.put(key, 0L);
        }
        log.info("worker {} connected", inner);
    }

    void workerClosed(InnerConnection inner) {
        if (inner.workerKey != null && workers.get(inner.workerKey) == inner) {
            workers.remove(inner.workerKey);
            stats.workerClosed();
            leastConnections.remove(inner.workerKey);
            log.info("worker {} disconnected", inner);
        }
    }

    /** connection id → the client's remote address ({@code ip:port}), in id order. Call on the state thread. */
    public Map<Long, String> clientAddresses() {
        Map<Long, String> addresses = new java.util.TreeMap<>();
        clients.forEach((id, c) -> addresses.put(id, c.channel.remoteAddress() instanceof java.net.InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(c.channel.remoteAddress())));
        return addresses;
    }

    /** cmd 201 to every worker (keeps NAT/firewall state alive when the gateway is not on loopback). */
    /** Workers whose cmd 200 was accepted. Call on the state thread. */
    public int workerCount() {
        return workers.size();
    }

    public void pingWorkers() {
        byte[] ping = GatewayFrameCodec.encode(GatewayFrame.request(Command.PING, 0, GatewayFrame.FLAG_SCALAR, null,
                null));
        for (InnerConnection worker : workers.values()) {
            sendToInner(worker, ping);
        }
    }

    /** One heartbeat tick, PHP's Gateway::ping (called every pingInterval, or half of it with a limit). */
    public void heartbeat() {
        byte[] pingData = settings.pingData();
        int limit = settings.pingNotResponseLimit();
        for (ClientConnection client : new ArrayList<>(clients.values())) {
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
                send(client, pingData, false);
            }
        }
    }

    static void removeFromIndex(Map<Object, Map<Long, ClientConnection>> index, Object key, long connectionId) {
        Map<Long, ClientConnection> members = index.get(key);
        if (members != null) {
            members.remove(connectionId);
            if (members.isEmpty()) {
                index.remove(key);
            }
        }
    }
}
