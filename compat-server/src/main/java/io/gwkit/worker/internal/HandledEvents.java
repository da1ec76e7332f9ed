package io.gwkit.worker.internal;

import io.gwkit.server.internal.WorkerAcks;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * The worker's side of {@link WorkerAcks} for one gateway connection that offered it: numbers the events as they
 * are read (1, 2, ...), learns when each one's handler has finished (in any order, with a handler pool), and
 * acknowledges the longest finished prefix, at most once every {@link WorkerAcks#BATCH_MILLIS} ms. An event that
 * never finishes (the worker stopped first) holds the count back: the gateway then closes its client.
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
    private boolean scheduled;

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
            if (number == handled + 1) {
                handled = number;
                while (!finishedAhead.isEmpty() && finishedAhead.peek() == handled + 1) {
                    handled = finishedAhead.poll();
                }
            } else {
                finishedAhead.add(number);
                return;
            }
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        channel.eventLoop().schedule(this::acknowledge, WorkerAcks.BATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void acknowledge() {
        long n;
        synchronized (this) {
            scheduled = false;
            n = handled;
            if (n == lastSent) {
                return;
            }
            lastSent = n;
        }
        GatewayLinks.write(channel, WorkerAcks.ack(n));
    }

    /** Before a graceful close: the last count, written and flushed now (the caller closes after it). */
    static void flushBeforeClose(Channel channel) {
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
        channel.writeAndFlush(WorkerAcks.ack(n), channel.voidPromise());
    }
}
