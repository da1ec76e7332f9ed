package io.gwkit.worker;

import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.netty.Transports;
import io.gwkit.worker.internal.GatewayLinks;
import io.gwkit.protocol.HostPort;
import io.gwkit.worker.internal.RegisterLinks;
import io.gwkit.worker.internal.SlowEvents;
import io.gwkit.worker.internal.WorkerLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BusinessWorker that joins a GatewayWorker cluster (Java or PHP gateways alike) and runs an
 * {@link EventHandler} for the gateways' client events.
 *
 * <pre>{@code
 * BusinessWorker worker = BusinessWorker.builder()
 *         .registerAddress("127.0.0.1:1236")
 *         .handler(new DemoApp())
 *         .build()
 *         .start();
 * ...
 * worker.close();   // finishes the events already received, then disconnects
 * }</pre>
 *
 * <p>It subscribes to every register address ({@code worker_connect}), keeps one connection to each gateway the
 * register lists (cmd 200 with {@code worker_key = name:index}), and reconnects 1 s after any loss. Two workers
 * with the same name and index on the same host replace each other at the gateways, as in PHP. With
 * {@link Builder#count} N it is N such workers in one object, as PHP's {@code count}: N event loops with the
 * indexes {@code index .. index+N-1}, each with its own handler instance, all stopped together by {@link #close()}.
 */
public final class BusinessWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BusinessWorker.class);
    /** How long {@link #close()} waits for the gateways to confirm the drain (PHP gateways never do). */
    static final long DRAIN_TIMEOUT_MILLIS = 1000;

    private final List<String> registerAddresses;
    private final String name;
    private final int index;
    private final Duration stopTimeout;
    private final boolean ownsGroup;
    /** Inline handlers only: blocking requests from a handler on the I/O thread are served by this group. */
    private final EventLoopGroup requestGroup;
    private final WorkerStats stats = new WorkerStats();
    private final SlowEvents slowEvents;
    /** One per PHP process of {@code count}: loop i is worker index {@code index + i}. */
    private final List<WorkerLoop> loops = new ArrayList<>();
    private boolean started;
    private boolean closed;

    private BusinessWorker(Builder b) {
        this.registerAddresses = List.copyOf(b.registerAddresses);
        this.name = b.name;
        this.index = b.index;
        this.stopTimeout = b.stopTimeout;
        this.ownsGroup = b.eventLoopGroup == null;
        boolean inline = b.handlerThreads == 0;
        this.requestGroup = inline ? Transports.group(1, new DefaultThreadFactory("gw-worker-requests", true)) : null;
        this.slowEvents = new SlowEvents(b.processTimeout, name + "-" + index);
        WorkerLoop.Settings settings = new WorkerLoop.Settings(name, registerAddresses, b.secretKey, b.handlerThreads,
                b.maxPendingEvents, b.maxFrameLength, b.sendToGatewayBufferSize, b.pingInterval.toMillis(), b.config,
                slowEvents, stats, requestGroup);
        for (int i = 0; i < b.count; i++) {
            // each loop its own one-thread group: PHP's process, one event at a time, nothing handed between threads
            EventLoopGroup group = ownsGroup
                    ? Transports.group(1, new DefaultThreadFactory("gw-worker-io-" + (index + i), true))
                    : b.eventLoopGroup;
            loops.add(new WorkerLoop(settings, index + i, b.count == 1 && b.handler != null ? b.handler
                    : Objects.requireNonNull(b.handlers.get(), "handlers() supplied null"), group));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Calls {@link EventHandler#onWorkerStart} of every loop's handler (on the caller's thread, loop by loop) and
     * subscribes to the registers. Returns at once.
     */
    public synchronized BusinessWorker start() {
        if (started) {
            throw new IllegalStateException("worker already started");
        }
        started = true;
        List<WorkerLoop> begun = new ArrayList<>();
        try {
            for (WorkerLoop loop : loops) {
                loop.handler().onWorkerStart(loop.context());
                begun.add(loop);
            }
        } catch (RuntimeException e) {
            stopHandlers(begun); // only those whose onWorkerStart returned
            started = false;
            close();
            throw e;
        }
        loops.forEach(WorkerLoop::subscribe);
        LOG.info("worker {}:{} started ({} loops), registers {}", name, index, loops.size(), registerAddresses);
        return this;
    }

    /** The worker-level API (what {@link EventHandler#onWorkerStart} receives) of the first loop. */
    public WorkerContext context() {
        return loops.get(0).context();
    }

    public String name() {
        return name;
    }

    /** The first loop's worker index; loop i has {@code index() + i}. */
    public int index() {
        return index;
    }

    /** The number of loops (PHP's count), each a worker with its own worker_key. */
    public int count() {
        return loops.size();
    }

    /** Gateways the register lists now (to the first loop). */
    public List<String> gatewayAddresses() {
        return loops.get(0).links().listedAddresses();
    }

    /** Gateways every loop holds a connection to now. */
    public Set<String> connectedGateways() {
        Set<String> all = new LinkedHashSet<>(loops.get(0).links().connectedAddresses());
        loops.forEach(loop -> all.retainAll(loop.links().connectedAddresses()));
        return all;
    }

    /** Waits until every loop is connected to every given gateway inner address. */
    public boolean awaitConnected(Collection<String> gatewayAddresses, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (WorkerLoop loop : loops) {
            if (!loop.links().awaitConnected(gatewayAddresses, deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** This worker's running figures, all loops together (events by type, handler time, errors; see {@link WorkerStats}). */
    public WorkerStats stats() {
        return stats;
    }

    /** Events received and not yet handled (queued or running), all loops together. */
    public int pendingEvents() {
        return loops.stream().mapToInt(loop -> loop.executor().pending()).sum();
    }

    /**
     * Stops cleanly: every gwkit gateway is asked to route no more events here and each confirms after the last
     * one it sent (a gwkit extension; PHP gateways do not confirm, so this waits at most 1 s for them); then no
     * new events are read, the events already received run to completion (up to the stop timeout),
     * {@link EventHandler#onWorkerStop} runs for every loop, and every connection closes.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        loops.forEach(WorkerLoop::unsubscribe);
        try {
            // gwkit gateways stop routing events here and say when the last one was sent; PHP ones do not answer
            List<CompletableFuture<Void>> answers = new ArrayList<>();
            loops.forEach(loop -> answers.addAll(loop.requestDrain()));
            int unanswered = GatewayLinks.awaitDrained(answers, DRAIN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (unanswered > 0) {
                LOG.info("worker {}:{}: {} gateway connections did not confirm the drain (PHP gateways do not); "
                        + "events they send from now on are not read", name, index, unanswered);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.forEach(WorkerLoop::stopReading);
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        try {
            for (WorkerLoop loop : loops) {
                if (!loop.awaitEvents(deadline)) {
                    LOG.warn("worker {}:{} stopped with {} events unfinished", name, index, loop.executor().pending());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.forEach(WorkerLoop::cancelTimers);
        if (started) {
            stopHandlers(loops);
        }
        loops.forEach(WorkerLoop::close);
        slowEvents.close();
        if (ownsGroup) {
            loops.forEach(loop -> loop.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());
        }
        if (requestGroup != null) {
            requestGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        LOG.info("worker {}:{} stopped", name, index);
    }

    private static void stopHandlers(List<WorkerLoop> loops) {
        for (WorkerLoop loop : loops) {
            try {
                loop.handler().onWorkerStop(loop.context());
            } catch (RuntimeException e) {
                LOG.error("onWorkerStop failed", e);
            }
        }
    }

    /** Configures a {@link BusinessWorker}; {@link #registerAddress} and {@link #handler} are required. */
    public static final class Builder {
        private final List<String> registerAddresses = new ArrayList<>();
        private String name = "BusinessWorker";
        private int index;
        private String secretKey = "";
        private EventHandler handler;
        private Supplier<? extends EventHandler> handlers;
        private int count = 1;
        private EventLoopGroup eventLoopGroup;
        private int handlerThreads;
        private Duration processTimeout = Duration.ofSeconds(10);
        private AppConfig config = AppConfig.empty();
        private int maxFrameLength = GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH;
        private Duration stopTimeout = Duration.ofSeconds(10);
        private int maxPendingEvents = 10_000;
        private int sendToGatewayBufferSize = GatewayLinks.DEFAULT_SEND_BUFFER_SIZE;
        private Duration pingInterval = Duration.ofMillis(RegisterLinks.DEFAULT_PING_INTERVAL_MILLIS);

        private Builder() {
        }

        /** A register {@code host:port}; call again for more registers. */
        public Builder registerAddress(String address) {
            HostPort.parse(address);
            registerAddresses.add(address);
            return this;
        }

        public Builder registerAddresses(Collection<String> addresses) {
            addresses.forEach(this::registerAddress);
            return this;
        }

        /** Worker name, the first half of worker_key (default "BusinessWorker"). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Process index, the second half of worker_key (default 0); with {@link #count} N the first of N. */
        public Builder index(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("index < 0: " + index);
            }
            this.index = index;
            return this;
        }

        public Builder secretKey(String secretKey) {
            this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
            return this;
        }

        /** The handler of a worker of {@link #count} 1 (for several loops, see {@link #handlers}). */
        public Builder handler(EventHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            this.handlers = null;
            return this;
        }

        /**
         * Makes each loop's handler: called once per loop at build time, so each loop has its own instance, as each
         * PHP process has its own {@code Events} (nothing shared: fields need no locks). Needed for {@link #count}
         * above 1; a supplier that returns one shared instance makes that instance run on several threads at once.
         */
        public Builder handlers(Supplier<? extends EventHandler> handlers) {
            this.handlers = Objects.requireNonNull(handlers, "handlers");
            this.handler = null;
            return this;
        }

        /**
         * PHP's {@code count}: the number of event loops, each one BusinessWorker process of PHP with its own
         * worker_key ({@code name:index+i}), register subscription, connections to every gateway and handler
         * instance (see {@link #handlers}); with {@link #handlerThreads} 0 each handles one event at a time on its
         * own thread. Default 1.
         */
        public Builder count(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("count < 1: " + count);
            }
            this.count = count;
            return this;
        }

        /**
         * Shares an event loop group (for example with gateways in the same JVM); it is not shut down by close. With
         * {@link #handlerThreads} 0 handlers run on its threads, so with a group of several threads the events of
         * different gateways may run at the same time: PHP's one-event-at-a-time model needs the worker's own group.
         * Every loop of {@link #count} uses this group then (by default each loop has a group of one thread).
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.eventLoopGroup = group;
            return this;
        }

        /**
         * Threads running handlers (see {@link EventHandler}). Default 0: PHP's model, handlers on the worker's I/O
         * thread, one event at a time for all clients: no hand-off between threads per event (the fewest CPU cycles
         * per message), but a slow or blocking handler holds up every client of this worker. Blocking requests a
         * handler makes ({@code blocking().getSession}) are served by a separate event loop then. A positive count
         * is the executor mode, for handlers that block on I/O: a pool of that many threads; one client's events
         * still run one at a time, in order.
         */
        public Builder handlerThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("handlerThreads < 0: " + threads);
            }
            this.handlerThreads = threads;
            return this;
        }

        /**
         * PHP's {@code processTimeout}: a handler call (event or timer) running longer than this is logged once, with
         * its client and the stack of its thread (default 10 s; zero: not watched). The call is not interrupted.
         */
        public Builder processTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("processTimeout < 0: " + timeout);
            }
            this.processTimeout = timeout;
            return this;
        }

        /** The application configuration handlers read from {@link WorkerContext#config()} (default: empty). */
        public Builder config(AppConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Largest frame accepted from a gateway (default 10 MiB). */
        public Builder maxFrameLength(int bytes) {
            if (bytes < 28) {
                throw new IllegalArgumentException("maxFrameLength below the 28-byte header: " + bytes);
            }
            this.maxFrameLength = bytes;
            return this;
        }

        /**
         * Events waiting for handlers above which the worker pauses reading from the gateway that sent the last
         * one, until half are done (default 10 000). The gateways buffer meanwhile, up to their own limits.
         */
        public Builder maxPendingEvents(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("maxPendingEvents < 1: " + events);
            }
            this.maxPendingEvents = events;
            return this;
        }

        /**
         * Unsent bytes toward one gateway past which the worker stops reading events from every gateway, until they
         * fall below half (PHP's sendToGatewayBufferSize, default 10 240 000; PHP drops what passes it, this worker
         * sends it later). What handlers already running or queued send still goes into the buffer, so it can pass
         * the size by their replies: at most {@link #maxPendingEvents} events' worth (handlerThreads 0: one read
         * batch's). Counted in {@link WorkerStats#gatewayFullPauses()}.
         */
        public Builder sendToGatewayBufferSize(int bytes) {
            if (bytes < 2) {
                throw new IllegalArgumentException("sendToGatewayBufferSize < 2: " + bytes);
            }
            this.sendToGatewayBufferSize = bytes;
            return this;
        }

        /** Keepalive to registers whose address does not start with 127.0.0.1 (default 25 s, as PHP). */
        public Builder pingInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("pingInterval must be positive: " + interval);
            }
            this.pingInterval = interval;
            return this;
        }

        /** How long close() waits for received events to finish (default 10 s). */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public BusinessWorker build() {
            if (registerAddresses.isEmpty()) {
                throw new IllegalStateException("no register address");
            }
            if (handler == null && handlers == null) {
                throw new IllegalStateException("no handler");
            }
            if (count > 1 && handlers == null) {
                throw new IllegalStateException("count " + count + " needs handlers(supplier): one handler instance "
                        + "per loop, as PHP processes share no memory");
            }
            return new BusinessWorker(this);
        }
    }
}
