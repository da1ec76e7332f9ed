package io.gwkit.gateway.internal;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicLong;

/** A connection on the gateway's inner port: a worker (after cmd 200) or a GatewayClient request. */
final class InnerConnection {

    final Channel channel;
    boolean authorized;
    /** Closed by us (failed auth): frames still queued from it are ignored. */
    boolean rejected;
    /** {@code remoteIp:worker_key} once the peer announced itself as a worker, else null. */
    String workerKey;
    final AtomicLong pendingBytes = new AtomicLong();
    private boolean flushScheduled;

    InnerConnection(Channel channel, boolean authorized) {
        this.channel = channel;
        this.authorized = authorized;
    }

    /**
     * Flushes after the tasks already queued on the channel's loop (the state loop): every write made
     * until then goes out with one flush.
     */
    void flushSoon() {
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(this::flushNow);
        }
    }

    private void flushNow() {
        flushScheduled = false;
        channel.flush();
    }

    void reject() {
        rejected = true;
        close();
    }

    /** Closes after what was written so far (writes are flushed once per tick, see {@link #flushSoon()}). */
    void close() {
        channel.flush();
        channel.close();
    }

    @Override
    public String toString() {
        return (workerKey != null ? "worker " + workerKey : "inner connection") + " " + channel.remoteAddress();
    }
}
