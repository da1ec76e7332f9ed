package io.gwkit.gateway.internal;

import io.gwkit.server.internal.LogText;
import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/** A connection on the gateway's inner port: a worker (after cmd 200) or a GatewayClient request. */
final class InnerConnection {

    /** Where the connection is in its life; it only moves down this list (REJECTED and AUTH_FAILED both end it). */
    enum State {
        /** Connected; with a secret, only cmd 200/202 is accepted until it authenticates. */
        AWAITING_AUTH,
        /** Authenticated (or no secret is set), its first frame not yet fully handled. */
        AUTHORIZED,
        /** A whole frame was accepted while authorized: no auth deadline any more, the full frame limit. */
        ESTABLISHED,
        /** Closed by us (an unauthorized or unanswerable request, no auth in time, reads no replies). */
        REJECTED,
        /** Closed by us for a wrong secret (cmd 200/202): counted against its address. */
        AUTH_FAILED
    }

    /** A peer's problems are logged at WARN at most this often; a flood of bad frames is one line. */
    static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    final Channel channel;
    /** Its reading; held by slow clients it writes to (see {@link ClientOutput}'s backpressure). */
    final ReadGate gate;
    private State state;
    /** {@code remoteIp:worker_key} once the peer announced itself as a worker, else null. */
    String workerKey;
    /** Acknowledgements offered to this worker ({@link WorkerAckBooks}); null before cmd 200 or when off. */
    AckLedger acks;
    final AtomicLong pendingBytes = new AtomicLong();
    private boolean flushScheduled;
    /** Frames to this peer dropped because its send buffer was full. */
    long droppedFrames;
    private boolean warned;
    private long lastWarnNanos;
    private long unreported;

    /** With a gate of its own (EmbeddedChannel tests; the pipeline shares one with its backlog). */
    InnerConnection(Channel channel, boolean authorized) {
        this(channel, new ReadGate(channel), authorized);
    }

    InnerConnection(Channel channel, ReadGate gate, boolean authorized) {
        this.channel = channel;
        this.gate = gate;
        this.state = authorized ? State.AUTHORIZED : State.AWAITING_AUTH;
    }

    State state() {
        return state;
    }

    /** May send any command: authenticated, or no secret is set (and not rejected since). */
    boolean authorized() {
        return state == State.AUTHORIZED || state == State.ESTABLISHED;
    }

    /** Closed by us: frames still queued from it are ignored. */
    boolean rejected() {
        return state == State.REJECTED || state == State.AUTH_FAILED;
    }

    /** Its cmd 200/202 carried the right secret (a repeated one changes nothing). */
    void authorize() {
        if (state == State.AWAITING_AUTH) {
            state = State.AUTHORIZED;
        }
    }

    /** Its first whole frame was accepted while authorized. */
    void establish() {
        if (state == State.AUTHORIZED) {
            state = State.ESTABLISHED;
        }
    }

    /** Wrong secret: closes it, and the connection counts as a failed authentication. */
    void rejectAuth() {
        state = State.AUTH_FAILED;
        close();
    }

    /** The peer's address (null on a channel without one, as in EmbeddedChannel tests). */
    java.net.InetSocketAddress remoteAddress() {
        return channel.remoteAddress() instanceof java.net.InetSocketAddress a ? a : null;
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
        if (state != State.AUTH_FAILED) {
            state = State.REJECTED;
        }
        close();
    }

    /** Closes after what was written so far (writes are flushed once per tick, see {@link #flushSoon()}). */
    void close() {
        channel.flush();
        channel.close();
    }

    /**
     * Logs a problem with this peer's requests: the first at WARN, later ones within a minute at DEBUG only,
     * counted into the next WARN line (and the close line), so a flood from one peer is not a flood of lines.
     */
    void warn(Logger log, String format, Object... args) {
        long now = System.nanoTime();
        if (warned && now - lastWarnNanos < WARN_INTERVAL_NANOS) {
            unreported++;
            if (log.isDebugEnabled()) {
                log.debug(format, args);
            }
            return;
        }
        String message = MessageFormatter.arrayFormat(format, args).getMessage();
        if (unreported > 0) {
            log.warn("{} ({} more problems from {} since the last report)", message, unreported, this);
        } else {
            log.warn(message);
        }
        warned = true;
        lastWarnNanos = now;
        unreported = 0;
    }

    /** On close: the problems not reported yet, if any, in one line. */
    void reportClosed(Logger log) {
        if (unreported > 0) {
            log.info("{} closed; {} more problems from it were not logged", this, unreported);
        }
    }

    @Override
    public String toString() {
        return (workerKey != null ? "worker " + LogText.excerpt(workerKey) : "inner connection") + " " + channel.remoteAddress();
    }
}
