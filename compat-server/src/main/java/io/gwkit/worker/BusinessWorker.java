package io.gwkit.worker;

import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.worker.internal.EventDispatcher;
import io.gwkit.worker.internal.GatewayLinks;
import io.gwkit.protocol.HostPort;
import io.gwkit.worker.internal.InnerRequests;
import io.gwkit.worker.internal.KeyedSerialExecutor;
import io.gwkit.netty.Transports;
import io.gwkit.worker.internal.RealWorkerContext;
import io.gwkit.worker.internal.SlowEvents;
import io.gwkit.worker.internal.WorkerTimers;
import io.gwkit.worker.internal.RegisterLinks;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * with the same name and index on the same host replace each other at the gateways, as in PHP.
 */
public final class BusinessWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BusinessWorker.class);
    /** How long {@link #close()} waits for the gateways to confirm the drain (PHP gateways never do). */
    static final long DRAIN_TIMEOUT_MILLIS = 1000;

    private final List<String> registerAddresses;
    private final String name;
    private final int index;
    private final String secretKey;
    private final EventHandler handler;
    private final Duration stopTimeout;
    private final boolean ownsGroup;
    private final EventLoopGroup group;
    /** Inline handlers only: blocking requests from a handler on the I/O thread are served by this group. */
    private final EventLoopGroup requestGroup;
    private final ExecutorService pool;
    private final KeyedSerialExecutor executor;
    private final EventDispatcher dispatcher;
    private final GatewayLinks links;
    private final RegisterLinks registers;
    private final RealWorkerContext context;
    private final WorkerTimers timers;
    private final SlowEvents slowEvents;
    private boolean started;
    private boolean closed;

    private BusinessWorker(Builder b) {
        this.registerAddresses = List.copyOf(b.registerAddresses);
        this.name = b.name;
        this.index = b.index;
        this.secretKey = b.secretKey;
        this.handler = b.handler;
        this.stopTimeout = b.stopTimeout;
        this.ownsGroup = b.eventLoopGroup == null;
        this.group = ownsGroup ? Transports.group(1, new DefaultThreadFactory("gw-worker-io", true)) : b.eventLoopGroup;
        boolean inline = b.handlerThreads == 0;
        this.requestGroup = inline ? Transports.group(1, new DefaultThreadFactory("gw-worker-requests", true)) : null;
        int poolThreads = Math.max(1, b.handlerThreads); // inline: the pool stays idle (threads start on demand)
        this.pool = new ThreadPoolExecutor(poolThreads, poolThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("gw-worker-" + name + "-" + index, true));
        this.executor = new KeyedSerialExecutor(pool);
        this.slowEvents = new SlowEvents(b.processTimeout, name + "-" + index);
        this.dispatcher = new EventDispatcher(handler, executor, b.maxPendingEvents, inline, slowEvents);
        this.links = new GatewayLinks(group, name + ":" + index, secretKey, b.maxFrameLength,
                b.sendToGatewayBufferSize, dispatcher);
        // inline: timers fire on the loop that reads the gateways (one thread when the worker owns its group)
        this.timers = new WorkerTimers(group.next(), dispatcher::runTask);
        this.context = new RealWorkerContext(name, index,
                links, new InnerRequests(inline ? requestGroup : group, secretKey, b.maxFrameLength), timers, b.config);
        dispatcher.bind(context);
        this.registers = new RegisterLinks(group, registerAddresses, secretKey, b.pingInterval.toMillis(), links::update);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Calls {@link EventHandler#onWorkerStart} and subscribes to the registers. Returns at once. */
    public synchronized BusinessWorker start() {
        if (started) {
            throw new IllegalStateException("worker already started");
        }
        started = true;
        try {
            handler.onWorkerStart(context);
        } catch (RuntimeException e) {
            started = false; // onWorkerStop is not due for a worker that never started
            close();
            throw e;
        }
        registers.start();
        LOG.info("worker {}:{} started, registers {}", name, index, registerAddresses);
        return this;
    }

    /** The worker-level API (what {@link EventHandler#onWorkerStart} receives). */
    public WorkerContext context() {
        return context;
    }

    public String name() {
        return name;
    }

    public int index() {
        return index;
    }

    /** Gateways the register lists now. */
    public List<String> gatewayAddresses() {
        return links.listedAddresses();
    }

    /** Gateways the worker holds a connection to now. */
    public Set<String> connectedGateways() {
        return links.connectedAddresses();
    }

    /** Waits until the worker is connected to every given gateway inner address. */
    public boolean awaitConnected(Collection<String> gatewayAddresses, Duration timeout) throws InterruptedException {
        return links.awaitConnected(gatewayAddresses, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** This worker's running figures (events by type, handler time, errors; see {@link WorkerStats}). */
    public WorkerStats stats() {
        return dispatcher.stats();
    }

    /** Events received and not yet handled (queued or running). */
    public int pendingEvents() {
        return executor.pending();
    }

    /**
     * Stops cleanly: every gwkit gateway is asked to route no more events here and each confirms after the last
     * one it sent (a gwkit extension; PHP gateways do not confirm, so this waits at most 1 s for them); then no
     * new events are read, the events already received run to completion (up to the stop timeout),
     * {@link EventHandler#onWorkerStop} runs, and every connection closes.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        registers.close();
        try {
            // gwkit gateways stop routing events here and say when the last one was sent; PHP ones do not answer
            int unanswered = links.drain(DRAIN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (unanswered > 0) {
                LOG.info("worker {}:{}: {} gateways did not confirm the drain (PHP gateways do not); events they "
                        + "send from now on are not read", name, index, unanswered);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.stopping();
        links.stopReading();
        try {
            if (!executor.shutdownAndDrain(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("worker {}:{} stopped with {} events unfinished", name, index, executor.pending());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.close();
        if (started) {
            try {
                handler.onWorkerStop(context);
            } catch (RuntimeException e) {
                LOG.error("onWorkerStop failed", e);
            }
        }
        links.close();
        slowEvents.close();
        pool.shutdownNow();
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (requestGroup != null) {
            requestGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        LOG.info("worker {}:{} stopped", name, index);
    }

    /** Configures a {@link BusinessWorker}; {@link #registerAddress} and {@link #handler} are required. */
    public static final class Builder {
        private final List<String> registerAddresses = new ArrayList<>();
        private String name = "BusinessWorker";
        private int index;
        private String secretKey = "";
        private EventHandler handler;
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

        /** Process index, the second half of worker_key (default 0). */
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

        public Builder handler(EventHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Shares an event loop group (for example with gateways in the same JVM); it is not shut down by close. With
         * {@link #handlerThreads} 0 handlers run on its threads, so with a group of several threads the events of
         * different gateways may run at the same time: PHP's one-event-at-a-time model needs the worker's own group.
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
            if (handler == null) {
                throw new IllegalStateException("no handler");
            }
            return new BusinessWorker(this);
        }
    }
}
