package io.gwkit.worker.internal;

import io.gwkit.worker.AppConfig;
import io.gwkit.worker.EventHandler;
import io.gwkit.worker.WorkerStats;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * One PHP BusinessWorker process inside a {@code BusinessWorker} of count N: its own handler instance, register
 * subscription, connections to every gateway (worker_key {@code name:index}), dispatcher, timers and, in executor
 * mode, handler pool. Inline (handlerThreads 0) everything of this loop runs on the one thread of {@code group}:
 * an event is read, handled and its replies written there, with no hand-off to another thread.
 */
public final class WorkerLoop {

    /** What every loop of one worker shares; {@code requestGroup} is null in executor mode. */
    public record Settings(String name, List<String> registers, String secretKey, int handlerThreads,
                           int maxPendingEvents, int maxFrameLength, int sendBufferSize, long pingMillis,
                           AppConfig config, SlowEvents slow, WorkerStats stats, EventLoopGroup requestGroup) {
    }

    private final EventHandler handler;
    private final EventLoopGroup group;
    private final ExecutorService pool;
    private final KeyedSerialExecutor executor;
    private final EventDispatcher dispatcher;
    private final GatewayLinks links;
    private final RegisterLinks registers;
    private final RealWorkerContext context;
    private final WorkerTimers timers;

    /** @param group the loop's event loop group: one thread for PHP's one-event-at-a-time model */
    public WorkerLoop(Settings s, int index, EventHandler handler, EventLoopGroup group) {
        this.handler = handler;
        this.group = group;
        boolean inline = s.handlerThreads() == 0;
        int poolThreads = Math.max(1, s.handlerThreads()); // inline: the pool stays idle (threads start on demand)
        this.pool = new ThreadPoolExecutor(poolThreads, poolThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("gw-worker-" + s.name() + "-" + index, true));
        this.executor = new KeyedSerialExecutor(pool);
        this.dispatcher = new EventDispatcher(handler, executor, s.maxPendingEvents(), inline, s.slow(), s.stats());
        this.links = new GatewayLinks(group, s.name() + ":" + index, s.secretKey(), s.maxFrameLength(),
                s.sendBufferSize(), dispatcher);
        // inline: timers fire on the loop that reads the gateways
        this.timers = new WorkerTimers(group.next(), dispatcher::runTask);
        this.context = new RealWorkerContext(s.name(), index, links,
                new InnerRequests(inline ? s.requestGroup() : group, s.secretKey(), s.maxFrameLength()), timers,
                s.config());
        dispatcher.bind(context);
        this.registers = new RegisterLinks(group, s.registers(), s.secretKey(), s.pingMillis(), links::update);
    }

    public EventHandler handler() {
        return handler;
    }

    public RealWorkerContext context() {
        return context;
    }

    public GatewayLinks links() {
        return links;
    }

    public EventDispatcher dispatcher() {
        return dispatcher;
    }

    public KeyedSerialExecutor executor() {
        return executor;
    }

    /** Subscribes to the registers (after onWorkerStart). */
    public void subscribe() {
        registers.start();
    }

    /** First step of a stop: no more gateway lists from the registers. */
    public void unsubscribe() {
        registers.close();
    }

    /** Asks every gateway of this loop to route no more events here; see {@link GatewayLinks#drain}. */
    public List<CompletableFuture<Void>> requestDrain() {
        return links.requestDrain();
    }

    /** Reads no more events; returns once the events already read are handled (inline) or queued. */
    public void stopReading() {
        dispatcher.stopping();
        links.stopReading();
    }

    /** Waits for the queued events (executor mode); false when some were still unfinished at the deadline. */
    public boolean awaitEvents(long deadlineNanos) throws InterruptedException {
        return executor.shutdownAndDrain(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** After onWorkerStop: timers cancelled, connections closed, the pool stopped (not the group). */
    public void close() {
        links.close();
        pool.shutdownNow();
    }

    /** Cancels the loop's timers (before onWorkerStop, as the worker stops). */
    public void cancelTimers() {
        timers.close();
    }

    /** The loop's group, for the owner to shut down. */
    public EventLoopGroup group() {
        return group;
    }
}
