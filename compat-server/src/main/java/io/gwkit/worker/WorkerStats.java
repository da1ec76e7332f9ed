package io.gwkit.worker;

import io.gwkit.protocol.Command;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * A BusinessWorker's running figures since it was built: the one owner of its counters. The worker counts with one-line
 * calls where events are handled (any thread, lock-free); readers ({@code gw --metrics}, tests) read them at any
 * time through {@link BusinessWorker#stats()}. Handler durations also go to an optional {@link #latencySink}, so
 * a metrics library can keep the histogram without this module depending on one.
 */
public final class WorkerStats {

    private final long startMillis = System.currentTimeMillis();
    /** Events by {@link Command#ordinal()} (only the four client events are ever counted). */
    private final LongAdder[] events = new LongAdder[Command.values().length];
    private final LongAdder errors = new LongAdder();
    private final LongAdder gatewayFull = new LongAdder();
    private final LongAdder handlerNanos = new LongAdder();
    private final LongAccumulator handlerNanosMax = new LongAccumulator(Math::max, 0);
    private volatile LongConsumer latencySink;

    public WorkerStats() {
        for (int i = 0; i < events.length; i++) {
            events[i] = new LongAdder();
        }
    }

    /** Also receives every handler's duration in nanoseconds (null: none); set it before traffic starts. */
    public void latencySink(LongConsumer sink) {
        this.latencySink = sink;
    }

    // ---------------------------------------------------------------- counting (called by the worker)

    /** A handler for {@code event} finished (normally or not) after {@code nanos}. */
    public void handled(Command event, long nanos) {
        events[event.ordinal()].increment();
        handlerNanos.add(nanos);
        handlerNanosMax.accumulate(nanos);
        LongConsumer sink = latencySink;
        if (sink != null) {
            sink.accept(nanos);
        }
    }

    /** A handler threw. */
    public void error() {
        errors.increment();
    }

    /** A gateway connection's unsent bytes passed the send buffer size: event reading paused. */
    public void gatewayFull() {
        gatewayFull.increment();
    }

    // ---------------------------------------------------------------- reading

    /** Wall-clock time these figures start from (the node was built), epoch milliseconds. */
    public long startMillis() {
        return startMillis;
    }

    /** Events of this type handled since start (ON_CONNECT, ON_MESSAGE, ON_CLOSE, ON_WEBSOCKET_CONNECT). */
    public long events(Command event) {
        return events[event.ordinal()].sum();
    }

    /** Handler calls that threw. */
    public long errors() {
        return errors.sum();
    }

    /**
     * Times a gateway stopped taking what this worker sends long enough for its unsent bytes to pass
     * {@link BusinessWorker.Builder#sendToGatewayBufferSize}; each paused the worker's event reading until it drained.
     */
    public long gatewayFullPauses() {
        return gatewayFull.sum();
    }

    /** Time spent in handlers, nanoseconds. */
    public long handlerNanos() {
        return handlerNanos.sum();
    }

    /** The longest single handler call, nanoseconds. */
    public long handlerNanosMax() {
        return handlerNanosMax.get();
    }
}
