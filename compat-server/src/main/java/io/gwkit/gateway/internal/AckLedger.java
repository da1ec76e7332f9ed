package io.gwkit.gateway.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one worker connection has not acknowledged yet ({@link io.gwkit.server.internal.WorkerAcks}), on the state
 * thread: the events written to it are numbered 1, 2, ...; per client only the number of its latest one is kept
 * (no copies), so memory is one entry per client with an event in flight. When the connection dies the clients
 * still here are the ones that may have lost an event.
 */
final class AckLedger {

    /** A worker that has not answered the offer this long after it is not a gwkit worker: stop keeping books. */
    static final long CONFIRM_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final long offeredAtNanos = System.nanoTime();
    /** client → number of its latest event written to this worker, in ascending order of that number. */
    private final Map<ClientConnection, Long> unacknowledged = new LinkedHashMap<>();
    private long sent;
    private long acknowledged;
    private boolean confirmed;
    private boolean abandoned;

    /** An event for {@code client} was written to the worker. */
    void sent(ClientConnection client) {
        if (abandoned) {
            return;
        }
        if (!confirmed && System.nanoTime() - offeredAtNanos > CONFIRM_TIMEOUT_NANOS) {
            abandoned = true; // a PHP worker: today's behaviour
            unacknowledged.clear();
            return;
        }
        long n = ++sent;
        unacknowledged.remove(client); // keeps the map in ascending order of the latest number
        unacknowledged.put(client, n);
    }

    /**
     * The worker has handled its first {@code handled} events (the first ack, 0, confirms the offer). Returns false
     * for a count it cannot have (more than was sent, or less than before): the caller treats the peer as broken.
     */
    boolean acknowledged(long handled) {
        if (abandoned) {
            return true;
        }
        if (handled < acknowledged || handled > sent) {
            return false;
        }
        confirmed = true;
        acknowledged = handled;
        Iterator<Long> latest = unacknowledged.values().iterator();
        while (latest.hasNext() && latest.next() <= handled) {
            latest.remove();
        }
        return true;
    }

    /** Whether the worker takes part (answered the offer). */
    boolean confirmed() {
        return confirmed && !abandoned;
    }

    /** Events written and not acknowledged. */
    long outstanding() {
        return sent - acknowledged;
    }

    /** The clients with an event not acknowledged, oldest first; empties the ledger. */
    List<ClientConnection> takeUnacknowledged() {
        List<ClientConnection> clients = new ArrayList<>(unacknowledged.keySet());
        unacknowledged.clear();
        acknowledged = sent;
        return clients;
    }
}
