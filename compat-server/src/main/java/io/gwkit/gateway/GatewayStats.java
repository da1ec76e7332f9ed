package io.gwkit.gateway;

import io.gwkit.protocol.Command;
import java.util.concurrent.atomic.LongAdder;

/**
 * A gateway's running figures since it was built: the one owner of its counters and gauges. The gateway counts with
 * one-line calls at the points where things happen (any thread; every method is lock-free and cheap); readers
 * ({@code gw --metrics}, {@code gw status}, tests) read the totals at any time through {@link GatewayServer#stats()}.
 *
 * <p>"Messages" are application messages: read from clients, and written towards clients (one per client
 * reached by a fan-out). Bytes are message payloads, without the listener's framing.
 */
public final class GatewayStats {

    private final long startMillis = System.currentTimeMillis();
    private final LongAdder clients = new LongAdder();
    private final LongAdder workers = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder sendBufferDrops = new LongAdder();
    private final LongAdder sendBufferCloses = new LongAdder();
    private final LongAdder slowClientHolds = new LongAdder();
    private final LongAdder workerGapDrops = new LongAdder();
    private final LongAdder workerAckCloses = new LongAdder();
    private final LongAdder hookFailures = new LongAdder();
    /** Inner requests by {@link Command#ordinal()}. */
    private final LongAdder[] innerRequests = new LongAdder[Command.values().length];

    public GatewayStats() {
        for (int i = 0; i < innerRequests.length; i++) {
            innerRequests[i] = new LongAdder();
        }
    }

    // ---------------------------------------------------------------- counting (called by the gateway)

    /** A client connection was accepted. */
    public void clientConnected() {
        clients.increment();
    }

    /** A client connection the gateway had counted is gone. */
    public void clientClosed() {
        clients.decrement();
    }

    /** A BusinessWorker's cmd 200 was accepted. */
    public void workerConnected() {
        workers.increment();
    }

    /** A connected BusinessWorker is gone. */
    public void workerClosed() {
        workers.decrement();
    }

    /** A message of {@code bytes} payload bytes was read from a client. */
    public void messageReceived(long bytes) {
        messagesReceived.increment();
        bytesReceived.add(bytes);
    }

    /** A message of {@code bytes} payload bytes was queued to a client. */
    public void messageSent(long bytes) {
        messagesSent.increment();
        bytesSent.add(bytes);
    }

    /** A message was dropped because the receiver's send buffer was full. */
    public void sendBufferDrop() {
        sendBufferDrops.increment();
    }

    /** A connection was closed because its send buffer was full (slow client, requester reading no replies). */
    public void sendBufferClose() {
        sendBufferCloses.increment();
    }

    /** A client over its send buffer limit paused the inner connections sending to it (backpressure). */
    public void slowClientHold() {
        slowClientHolds.increment();
    }

    /** A client was closed: a worker that acknowledges events died before acknowledging one of its events. */
    public void workerAckClose() {
        workerAckCloses.increment();
    }

    /** An event for the workers was dropped: none was connected and the gateway's workerGap bounds were full. */
    public void workerGapDrop() {
        workerGapDrops.increment();
    }

    /** A {@link GatewayHooks} callback threw, or a handshake hook failed or timed out. */
    public void hookFailure() {
        hookFailures.increment();
    }

    /** An authorised inner request (from a worker or a GatewayClient) is being handled. */
    public void innerRequest(Command command) {
        innerRequests[command.ordinal()].increment();
    }

    // ---------------------------------------------------------------- reading

    /** Wall-clock time these figures start from (the node was built), epoch milliseconds. */
    public long startMillis() {
        return startMillis;
    }

    /** Client connections open now. */
    public long clients() {
        return clients.sum();
    }

    /** BusinessWorker connections now: one per worker and shard ({@link GatewayServer.Builder#count}). */
    public long workers() {
        return workers.sum();
    }

    public long messagesReceived() {
        return messagesReceived.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    public long sendBufferDrops() {
        return sendBufferDrops.sum();
    }

    public long sendBufferCloses() {
        return sendBufferCloses.sum();
    }

    /** Times a client over its send buffer limit paused its senders until it drained (see {@code SlowClientPolicy}). */
    public long slowClientHolds() {
        return slowClientHolds.sum();
    }

    /**
     * Clients closed because a worker's connection died (or its send buffer was full) before it acknowledged
     * one of their events (gwkit workers only, see docs/ROBUSTNESS.md).
     */
    public long workerAckCloses() {
        return workerAckCloses.sum();
    }

    /** Client events dropped (their clients closed) because no worker was connected within the workerGap bounds. */
    public long workerGapDrops() {
        return workerGapDrops.sum();
    }

    /** {@link GatewayHooks} callbacks that threw, and handshake hooks that failed or timed out. */
    public long hookFailures() {
        return hookFailures.sum();
    }

    /** Inner requests handled with this command since start. */
    public long innerRequests(Command command) {
        return innerRequests[command.ordinal()].sum();
    }
}
