package io.gwkit.client.internal;

import io.gwkit.client.GatewayOverloadedException;
import io.gwkit.client.GatewayProtocolException;
import io.gwkit.client.GatewayTimeoutException;
import io.gwkit.protocol.GatewayReply;
import io.gwkit.protocol.ProtocolException;
import io.netty.handler.codec.DecoderException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.channel.ChannelFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inner-link connection to a gateway, shared by many callers. Requests are pipelined: callers enqueue
 * encoded frames from any thread; one task on the channel's event loop writes everything queued and
 * flushes once, recording each request in a FIFO; replies arrive in request order and complete the
 * FIFO's head. A reply timeout closes the connection, since a late reply would be matched with the
 * wrong request.
 */
final class GatewayConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(GatewayConnection.class);

    /** Failure meaning "the connection went away before the request was answered": safe to retry once. */
    static final class ConnectionLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConnectionLost(String problem) {
            super(problem, null, false, false);
        }
    }

    private static final class Outbound {
        final ByteBuf frame;
        final int bytes;
        final Pending pending;
        final CompletableFuture<Void> written;

        Outbound(ByteBuf frame, Pending pending, CompletableFuture<Void> written) {
            this.frame = frame;
            this.bytes = frame.readableBytes();
            this.pending = pending;
            this.written = written;
        }
    }

    private static final class Pending {
        final CompletableFuture<byte[]> reply = new CompletableFuture<>();
        final String what;
        final long timeoutMillis;
        long deadlineNanos;

        Pending(String what, long timeoutMillis) {
            this.what = what;
            this.timeoutMillis = timeoutMillis;
        }
    }

    private final String address;
    private final Channel channel;
    private final Queue<Outbound> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Bytes of frames enqueued and not yet written to the socket (or failed). */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Runnable drain = this::drain;
    /** Event-loop confined. */
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private volatile boolean closed;
    /** Event-loop confined. */
    private ScheduledFuture<?> timeoutCheck;

    GatewayConnection(String address, Channel channel) {
        this.address = address;
        this.channel = channel;
    }

    String address() {
        return address;
    }

    boolean isUsable() {
        return !closed && channel.isActive();
    }

    /** Writes a frame that gets no reply; completes when written to the socket. Takes ownership of the buffer. */
    CompletableFuture<Void> send(ByteBuf frame) {
        return send(frame, Long.MAX_VALUE);
    }

    /**
     * As {@link #send(ByteBuf)}, refused ({@link GatewayOverloadedException}) when it would take the bytes not yet
     * written past {@code maxQueuedBytes}.
     */
    CompletableFuture<Void> send(ByteBuf frame, long maxQueuedBytes) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        enqueue(new Outbound(frame, null, written), maxQueuedBytes);
        return written;
    }

    /** Writes a request and completes with the reply's serialized bytes. Takes ownership of the buffer. */
    CompletableFuture<byte[]> request(ByteBuf frame, String what, long timeoutMillis, long maxQueuedBytes) {
        Pending pending = new Pending(what, timeoutMillis);
        enqueue(new Outbound(frame, pending, null), maxQueuedBytes);
        return pending.reply;
    }

    void close() {
        closed = true;
        channel.close();
    }

    private void enqueue(Outbound o, long maxQueuedBytes) {
        if (closed) {
            fail(o, lost("connection to gateway " + address + " is closed"));
            return;
        }
        long before = queuedBytes.getAndAdd(o.bytes);
        if (before > 0 && before + o.bytes > maxQueuedBytes) {
            queuedBytes.addAndGet(-o.bytes);
            fail(o, new GatewayOverloadedException(null, address, before + " bytes of calls to gateway " + address
                    + " are not written yet (maxQueuedBytes " + maxQueuedBytes + "); this one of " + o.bytes
                    + " bytes is refused", null));
            return;
        }
        outbound.add(o);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drain);
            } catch (RejectedExecutionException shutDown) {
                drainScheduled.set(false);
                Outbound x;
                while ((x = outbound.poll()) != null) {
                    queuedBytes.addAndGet(-x.bytes);
                    fail(x, new IllegalStateException("GatewayClient is closed"));
                }
            }
        }
    }

    private void drain() {
        drainScheduled.set(false);
        if (!channel.isActive()) {
            Outbound o;
            while ((o = outbound.poll()) != null) {
                queuedBytes.addAndGet(-o.bytes);
                fail(o, lost("connection to gateway " + address + " was lost"));
            }
            return;
        }
        // One promise for the batch: writes on a channel succeed in order, and a failed write fails the
        // channel (and so every later write), so the last write's outcome is every send's outcome.
        List<CompletableFuture<Void>> sends = null;
        Outbound o;
        Outbound last = null;
        long batchBytes = 0;
        while ((o = outbound.poll()) != null) {
            batchBytes += o.bytes;
            if (last != null) {
                channel.write(last.frame, channel.voidPromise());
            }
            if (o.pending != null) {
                Pending p = o.pending;
                p.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(p.timeoutMillis);
                inFlight.add(p);
                if (timeoutCheck == null) {
                    // one periodic check per connection instead of a timer per request: replies come in
                    // order, so only the oldest request can be the first to time out
                    long period = Math.max(10, Math.min(100, p.timeoutMillis / 4));
                    timeoutCheck = channel.eventLoop().scheduleAtFixedRate(this::checkTimeouts, period, period,
                            TimeUnit.MILLISECONDS);
                }
            } else {
                if (sends == null) {
                    sends = new ArrayList<>();
                }
                sends.add(o.written);
            }
            last = o;
        }
        if (last == null) {
            return;
        }
        List<CompletableFuture<Void>> batch = sends;
        long bytes = batchBytes;
        ChannelFuture written = channel.writeAndFlush(last.frame);
        written.addListener(f -> queuedBytes.addAndGet(-bytes)); // in the socket (or failed): no longer queued
        if (batch != null) {
            written.addListener(f -> {
                RuntimeException failure = f.isSuccess() ? null
                        : lost("write to gateway " + address + " failed: " + f.cause());
                for (CompletableFuture<Void> w : batch) {
                    if (failure == null) {
                        w.complete(null);
                    } else {
                        w.completeExceptionally(failure);
                    }
                }
            });
        }
    }

    private void checkTimeouts() {
        Pending head = inFlight.peek();
        if (head != null && System.nanoTime() - head.deadlineNanos > 0) {
            timeout(head);
        }
    }

    private void timeout(Pending p) {
        if (!inFlight.remove(p)) {
            return;
        }
        p.reply.completeExceptionally(new GatewayTimeoutException(null, address,
                "no reply to " + p.what + " from gateway " + address + " within " + p.timeoutMillis + " ms", null));
        // The stream is out of step now: whatever arrives next would answer the wrong request.
        close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] reply = ((GatewayReply) msg).serialized();
        Pending p = inFlight.poll();
        if (p == null) {
            log.warn("gateway {} sent a reply nobody asked for ({} bytes); closing", address, reply.length);
            close();
            return;
        }
        p.reply.complete(reply);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof ProtocolException || cause instanceof DecoderException)) {
            // an I/O error (reset, failed write): the connection is gone, the requests may be retried
            log.debug("connection to gateway {} failed: {}", address, cause.toString());
            failAll(lost("connection to gateway " + address + " failed: " + cause.getMessage()));
            close();
            return;
        }
        GatewayProtocolException failure = new GatewayProtocolException(null, address,
                "bad reply from gateway " + address + ": " + cause.getMessage(), cause);
        log.warn("{}; closing the connection", failure.getMessage());
        failAll(failure);
        close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (timeoutCheck != null) {
            timeoutCheck.cancel(false);
        }
        failAll(lost("connection to gateway " + address + " was lost"));
        ctx.fireChannelInactive();
    }

    private void failAll(RuntimeException e) {
        Pending p;
        while ((p = inFlight.poll()) != null) {
            p.reply.completeExceptionally(e);
        }
    }

    private static void fail(Outbound o, RuntimeException e) {
        ReferenceCountUtil.release(o.frame);
        if (o.pending != null) {
            o.pending.reply.completeExceptionally(e);
        } else {
            o.written.completeExceptionally(e);
        }
    }

    private static ConnectionLost lost(String problem) {
        return new ConnectionLost(problem);
    }
}
