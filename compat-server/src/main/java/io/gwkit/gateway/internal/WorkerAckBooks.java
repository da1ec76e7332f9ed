package io.gwkit.gateway.internal;

import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.server.internal.WorkerAcks;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of {@link WorkerAcks}, on the state thread: offers acknowledgements to each worker, keeps an
 * {@link AckLedger} per worker connection that accepted, and when such a connection dies closes every client with
 * an event it had not acknowledged (the event may never have been handled; replaying it could handle it twice),
 * logged once per connection and counted in {@code GatewayStats#workerAckCloses}. Workers that never answer (PHP)
 * keep today's behaviour: events in flight to a dead one are lost silently.
 */
final class WorkerAckBooks {

    private static final Logger log = LoggerFactory.getLogger(WorkerAckBooks.class);
    /** {@code -Dgwkit.workerAcks=false} turns the offer off (to measure its cost, or to behave exactly as PHP). */
    static final boolean ENABLED = !"false".equals(System.getProperty("gwkit.workerAcks"));
    private static final byte[] OFFER = GatewayFrameCodec.encode(WorkerAcks.offer());

    private final GatewayCore core;

    WorkerAckBooks(GatewayCore core) {
        this.core = core;
    }

    /** A worker announced itself (cmd 200): offer, before any event goes to it. */
    void offer(InnerConnection worker) {
        if (ENABLED && worker.acks == null) {
            worker.acks = new AckLedger();
            core.sendToInner(worker, OFFER);
        }
    }

    /**
     * An event for {@code client} was written to the worker, or (not {@code written}) dropped because the worker's
     * send buffer was full: a worker that acknowledges would never see it, so the client is told (closed).
     */
    void written(InnerConnection worker, ClientConnection client, boolean written) {
        if (written) {
            worker.acks.sent(client);
        } else if (worker.acks.confirmed() && !client.closed) {
            core.stats.workerAckClose();
            log.warn("{}: event dropped (send buffer to {} full), closing the client", client, worker);
            core.destroy(client);
        }
    }

    /** A cmd 251 from an inner connection. */
    void acknowledged(InnerConnection inner, GatewayFrame frame) {
        long handled = WorkerAcks.handled(frame);
        if (inner.acks == null || !inner.acks.acknowledged(handled)) {
            inner.warn(log, "bad acknowledgement (cmd {}, {} handled) from {}", frame.cmd(), handled, inner);
        }
    }

    /** The inner connection closed (after it left the workers): clients with unacknowledged events are closed. */
    void closed(InnerConnection inner) {
        AckLedger ledger = inner.acks;
        if (ledger == null || !ledger.confirmed()) {
            return;
        }
        long events = ledger.outstanding();
        List<ClientConnection> clients = ledger.takeUnacknowledged();
        int closing = 0;
        for (ClientConnection c : clients) {
            if (!c.closed) {
                closing++;
                core.stats.workerAckClose();
                core.destroy(c);
            }
        }
        if (events > 0) {
            log.warn("{} closed with {} events not acknowledged (of {} clients): closing the {} still connected",
                    inner, events, clients.size(), closing);
        }
    }
}
