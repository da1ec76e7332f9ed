package io.gwkit.gateway.internal;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayStats;
import io.gwkit.gateway.SlowClientPolicy;
import io.gwkit.protocol.GatewayFrame;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages from workers to one shard's clients, with backpressure (docs/ROBUSTNESS.md, "Slow clients and bursts"):
 * what may be queued to a client, holding back the inner connection that floods a slow one, the slow-client
 * policies, one flush per client per loop tick, destroy and kick. Part of {@link GatewayCore}: on its loop only.
 */
final class ClientOutput {

    private static final Logger log = LoggerFactory.getLogger(GatewayCore.class);

    private final GatewayCore core;
    private final Settings settings;
    private final GatewayStats stats;
    private final EventLoop stateLoop;
    private final AtomicLong clientPendingBytesPeak = new AtomicLong();
    /** Clients written to in this loop tick by workers' commands, flushed once at its end. */
    private final List<ClientConnection> toFlush = new ArrayList<>();

    ClientOutput(GatewayCore core, EventLoop stateLoop) {
        this.core = core;
        this.settings = core.settings;
        this.stats = core.stats;
        this.stateLoop = stateLoop;
    }

    /**
     * {@link #send} to many clients (sendToAll, sendToGroup): one task per event loop that writes to all of
     * its clients and flushes them, instead of one task per client (gw bench broadcast: the per-client task
     * hand-off from this state thread was most of the gateway's CPU). Tasks run in order per event loop, so
     * each client still gets its messages in the order they were sent.
     */
    void sendToMany(Iterable<ClientConnection> clients, byte[] payload, int flag) {
        Map<EventLoop, List<ClientConnection>> byLoop = new java.util.HashMap<>();
        for (ClientConnection c : clients) {
            if (c.closed) {
                continue;
            }
            if (!c.handshakeDone) {
                send(c, payload, flag); // queued until the handshake, on this thread
                continue;
            }
            if (admit(c, payload.length)) {
                byLoop.computeIfAbsent(c.channel.eventLoop(), k -> new ArrayList<>()).add(c);
            }
        }
        byLoop.forEach((loop, batch) -> {
            Runnable writeAll = () -> {
                EncodedOnce once = new EncodedOnce(payload, (flag & GatewayFrame.FLAG_RAW) != 0);
                try {
                    // write and flush each client in one visit: a second pass over 10 000 channels to flush
                    // them found their outbound buffers out of cache again (docs/BENCHMARKS.md, "Broadcast profile")
                    for (ClientConnection c : batch) {
                        write(c, payload, flag, true, once);
                    }
                } finally {
                    once.release();
                }
            };
            if (loop.inEventLoop()) {
                writeAll.run(); // clients on this shard's loop: a task would let later sends overtake
            } else {
                loop.execute(writeAll);
            }
        });
    }

    /**
     * Sends a message, holding it back until a websocket handshake is done ({@code flag}: the inner frame's,
     * {@link GatewayFrame#FLAG_RAW} and {@link GatewayFrame#FLAG_BINARY} count).
     */
    void send(ClientConnection client, byte[] payload, int flag) {
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
            client.beforeHandshake.add(new OutboundMessage(payload, (flag & GatewayFrame.FLAG_RAW) != 0,
                    (flag & GatewayFrame.FLAG_BINARY) != 0));
            client.beforeHandshakeBytes += payload.length;
            return;
        }
        if (admit(client, payload.length)) {
            if (core.sender != null) {
                // a worker's command: one flush per client per loop tick, however many of its frames were read
                write(client, payload, flag, false);
                flushClientsSoon(client);
            } else {
                write(client, payload, flag, true);
            }
        }
    }

    /**
     * {@code flush} makes it one writeAndFlush: this runs on the state thread, so a separate write and flush
     * are two tasks handed to the client's event loop (gw bench broadcast: most of the gateway's CPU). The
     * bytes were counted into {@code pendingBytes} by {@link #admit}; they leave it once on the socket.
     */
    void write(ClientConnection client, byte[] payload, int flag, boolean flush) {
        write(client, payload, flag, flush, null);
    }

    /** {@code once}: the bytes framed once for many clients (a broadcast), or null to frame them for this one. */
    private void write(ClientConnection client, byte[] payload, int flag, boolean flush, EncodedOnce once) {
        long size = payload.length;
        long lowWater = settings.clientSendBufferLimit() / 2;
        boolean binary = (flag & GatewayFrame.FLAG_BINARY) != 0 || client.frameType == GatewayHooks.FrameType.BINARY;
        Object framed = once == null ? null : once.duplicateFor(client, binary, client.channel.alloc());
        Object message = framed != null ? framed
                : new OutboundMessage(payload, (flag & GatewayFrame.FLAG_RAW) != 0, binary);
        (flush ? client.channel.writeAndFlush(message) : client.channel.write(message)).addListener(f -> {
            if (client.pendingBytes.addAndGet(-size) <= lowWater && client.drainWatch.compareAndSet(true, false)) {
                stateLoop.execute(() -> drained(client));
            }
        });
    }

    /**
     * Backpressure (docs/ROBUSTNESS.md, "Slow clients and bursts"), on the state thread: whether a message of
     * {@code size} bytes may be queued to {@code client}, counting it if so. At or over clientSendBufferLimit
     * the inner connection that sent it stops being read until the client drains to half the limit; past the
     * listener's slowClientTimeout its {@link SlowClientPolicy} applies. Messages no sender can be paused for
     * (heartbeats, frames decoded before the pause took effect) may take a client to twice the limit; beyond
     * that they are dropped (BLOCK, DROP) or the client is closed (CLOSE).
     */
    boolean admit(ClientConnection client, long size) {
        long limit = settings.clientSendBufferLimit();
        long pending = client.pendingBytes.get();
        // As Workerman: a message is refused only once the buffer is already full, so one message larger
        // than the limit still goes out to a client that keeps up.
        if (pending >= limit) {
            boolean now = client.slowClientTimeoutNanos == 0 && client.slowClient != SlowClientPolicy.BLOCK;
            if (client.dropping || (now && client.slowClient == SlowClientPolicy.DROP)
                    || (pending >= 2 * limit && client.slowClient != SlowClientPolicy.CLOSE)) {
                dropMessage(client, size);
                return false;
            }
            if (now || pending >= 2 * limit) {
                closeTooSlow(client);
                return false;
            }
        }
        pending = client.pendingBytes.addAndGet(size);
        stats.messageSent(size);
        if (pending > clientPendingBytesPeak.get()) {
            clientPendingBytesPeak.accumulateAndGet(pending, Math::max);
        }
        if (pending >= limit && !client.dropping) {
            holdSender(client);
        }
        return true;
    }

    private void holdSender(ClientConnection client) {
        InnerConnection inner = core.sender;
        if (inner == null || inner.rejected() || client.holding.contains(inner)) {
            return;
        }
        inner.gate.hold();
        client.holding.add(inner);
        if (client.holding.size() == 1) {
            stats.slowClientHold();
            if (client.slowClient != SlowClientPolicy.BLOCK) {
                client.slowTimer = stateLoop.schedule(() -> slowClientTimeout(client), client.slowClientTimeoutNanos,
                        TimeUnit.NANOSECONDS);
            }
            client.drainWatch.set(true);
            // it may have drained between counting the message and setting the watch
            if (client.pendingBytes.get() <= settings.clientSendBufferLimit() / 2
                    && client.drainWatch.compareAndSet(true, false)) {
                drained(client);
            }
        }
    }

    /** The client drained to low water, or is gone: its senders are read again. */
    void drained(ClientConnection client) {
        for (InnerConnection inner : client.holding) {
            inner.gate.release();
        }
        client.holding.clear();
        client.dropping = false;
        if (client.slowTimer != null) {
            client.slowTimer.cancel(false);
            client.slowTimer = null;
        }
    }

    /** The client held its senders back for the listener's whole slowClientTimeout: its policy applies. */
    private void slowClientTimeout(ClientConnection client) {
        client.slowTimer = null;
        if (client.closed || client.holding.isEmpty()) {
            return;
        }
        if (client.slowClient == SlowClientPolicy.DROP) {
            for (InnerConnection inner : client.holding) {
                inner.gate.release();
            }
            client.holding.clear();
            client.dropping = true; // until drained (the watch is still set)
            if (client.pendingBytes.get() <= settings.clientSendBufferLimit() / 2
                    && client.drainWatch.compareAndSet(true, false)) {
                drained(client);
            }
        } else {
            closeTooSlow(client);
        }
    }

    private void dropMessage(ClientConnection client, long size) {
        stats.sendBufferDrop();
        if (!client.dropLogged) {
            client.dropLogged = true;
            log.warn("{}: send buffer over {} bytes (client too slow), dropping messages to it (first: {} bytes)",
                    client, settings.clientSendBufferLimit(), size);
        }
    }

    private void closeTooSlow(ClientConnection client) {
        if (!client.tooSlow) {
            client.tooSlow = true;
            stats.sendBufferClose();
            log.warn("{}: send buffer over {} bytes (client too slow), closing it", client,
                    settings.clientSendBufferLimit());
        }
        destroy(client);
    }

    /** The most unsent bytes one client connection has had queued here (bounded by the send buffer limit). */
    public long clientPendingBytesPeak() {
        return clientPendingBytesPeak.get();
    }

    /**
     * Flushes {@code client} once the loop has handled what it read in this tick (the worker frames of one read
     * batch): many messages to one client are one write syscall.
     */
    private void flushClientsSoon(ClientConnection client) {
        if (client.flushPending) {
            return;
        }
        client.flushPending = true;
        toFlush.add(client);
        if (toFlush.size() == 1) {
            stateLoop.execute(this::flushClients);
        }
    }

    private void flushClients() {
        for (ClientConnection c : toFlush) {
            c.flushPending = false;
            c.channel.flush();
        }
        toFlush.clear();
    }

    /** Closes at once, dropping whatever is not yet sent (PHP's destroy(); what was sent before goes out first). */
    void destroy(ClientConnection client) {
        if (client.flushPending) {
            client.channel.flush();
        }
        client.channel.close();
    }

    /** Sends {@code message} (if any), then closes once everything queued has been written. */
    void kick(ClientConnection client, byte[] message) {
        if (message != null) {
            send(client, message, 0);
        }
        client.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
