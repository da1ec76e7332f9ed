package io.gwkit.worker.internal;

import io.gwkit.server.internal.WorkerAcks;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.PriorityQueue;

/**
 * The worker's side of {@link WorkerAcks} for one gateway connection that offered it: numbers the events as they
 * are read (1, 2, ...), learns when each one's handler has finished (in any order, with a handler pool), and
 * acknowledges the longest finished prefix, written last in the connection's next flush (after the replies of
 * those events): one small frame per read batch. An event that never finishes (the worker stopped first) holds
 * the count back: the gateway then closes its client.
 */
final class HandledEvents {

    private static final AttributeKey<HandledEvents> KEY = AttributeKey.valueOf(HandledEvents.class, "handled");

    private final Channel channel;
    private long received;
    /** Every event up to this one has finished. */
    private long handled;
    /** Finished beyond {@link #handled}, waiting for the ones before them. */
    private final PriorityQueue<Long> finishedAhead = new PriorityQueue<>();
    private long lastSent;
    /** A task to acknowledge is queued on the loop (finishes reported from handler threads). */
    private boolean queued;

    private HandledEvents(Channel channel) {
        this.channel = channel;
    }

    /** The gateway offered: keep count on this connection from now on, and accept (ack 0). */
    static void accept(Channel channel) {
        if (channel.attr(KEY).setIfAbsent(new HandledEvents(channel)) == null) {
            GatewayLinks.write(channel, WorkerAcks.ack(0));
        }
    }

    /** The connection's books, or null when its gateway did not offer (PHP). */
    static HandledEvents of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** An event was read (on the connection's loop, in order); returns its number. */
    synchronized long received() {
        return ++received;
    }

    /** The handler of event {@code number} finished (or failed: it ran). */
    void finished(long number) {
        synchronized (this) {
            if (number != handled + 1) {
                finishedAhead.add(number);
                return;
            }
            handled = number;
            while (!finishedAhead.isEmpty() && finishedAhead.peek() == handled + 1) {
                handled = finishedAhead.poll();
            }
            if (channel.eventLoop().inEventLoop()) {
                GatewayLinks.flushSoon(channel); // handlers inline: with this read batch's replies
                return;
            }
            if (queued) {
                return;
            }
            queued = true;
        }
        channel.eventLoop().execute(() -> {
            synchronized (this) {
                queued = false;
            }
            writeAck(channel);
            channel.flush();
        });
    }

    /** Writes (without flushing) the count if it grew since the last one written; on the connection's loop. */
    static void writeAck(Channel channel) {
        HandledEvents books = of(channel);
        if (books == null) {
            return;
        }
        long n;
        synchronized (books) {
            n = books.handled;
            if (n == books.lastSent) {
                return;
            }
            books.lastSent = n;
        }
        channel.write(WorkerAcks.ack(n), channel.voidPromise());
    }

    /** Before a graceful close, from any thread: the last count, written and flushed (the caller closes after). */
    static void flushBeforeClose(Channel channel) {
        channel.eventLoop().execute(() -> {
            writeAck(channel);
            channel.flush();
        });
    }
}
