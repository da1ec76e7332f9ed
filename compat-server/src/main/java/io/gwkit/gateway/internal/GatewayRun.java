package io.gwkit.gateway.internal;

import io.gwkit.gateway.GatewayStats;
import io.gwkit.gateway.Listener;
import io.gwkit.netty.Transports;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatcher;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a {@link io.gwkit.gateway.GatewayServer}, from start to close: its shards' loops, the bound
 * listeners, the TLS contexts and their reload timer, and the stop sequence. The server calls it under its own lock.
 */
public final class GatewayRun {

    private static final Logger log = LoggerFactory.getLogger(io.gwkit.gateway.GatewayServer.class);
    /** Each step of the stop sequence waits at most this long. */
    public static final long STOP_STEP_SECONDS = 5;

    private final Settings settings;
    /** One event loop per shard ({@link Shard}): its clients' and inner connections' I/O and its state. */
    private volatile EventLoopGroup loops;
    private final List<Shard> shards;
    /** onWorkerStart was run: onWorkerStop is due at close. */
    private boolean hooksStarted;
    private final List<Channel> serverChannels = new ArrayList<>();
    /** Each listener's current TLS context (null for plain ones), swapped by {@link #reloadTls()}. */
    private final List<AtomicReference<SslContext>> sslContexts = new ArrayList<>();
    private java.util.concurrent.ScheduledFuture<?> tlsReloadTimer;
    private final ChannelGroup allChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile List<InetSocketAddress> listenerAddresses = List.of();

    public GatewayRun(Settings settings, GatewayStats stats) {
        this.settings = settings;
        AtomicInteger threads = new AtomicInteger();
        loops = Transports.group(settings.count(), r -> new Thread(r, "gateway-" + settings.name() + "-shard-"
                + threads.getAndIncrement()));
        shards = Shard.of(settings, stats, loops);
    }

    /**
     * Binds every shard's inner port and every listener (throwing, all closed, if one cannot be bound), runs
     * {@code onWorkerStart} on shard 0's loop, then announces each shard's inner address to every register.
     *
     * @return the announcements: complete once all registers have them all
     */
    public CompletableFuture<Void> start(Runnable onWorkerStart) throws InterruptedException {
        try {
            bind();
        } catch (InterruptedException | RuntimeException e) {
            close(() -> { });
            throw e;
        }
        shards.forEach(Shard::startTimers);
        startTlsReloadCheck();
        Shard first = shards.get(0);
        hooksStarted = true;
        first.loop().execute(() -> first.core().hook("onWorkerStart", onWorkerStart));
        List<CompletableFuture<Void>> announcements = new ArrayList<>();
        for (Shard shard : shards) {
            announcements.add(shard.announce());
        }
        return CompletableFuture.allOf(announcements.toArray(new CompletableFuture[0]));
    }

    private void bind() throws InterruptedException {
        for (Shard shard : shards) {
            shard.bindInner(allChannels);
            serverChannels.add(shard.innerServer());
        }
        List<InetSocketAddress> bound = new ArrayList<>();
        for (Listener listener : settings.listeners()) {
            AtomicReference<SslContext> ssl = new AtomicReference<>(
                    listener.secure() ? TlsContexts.build(listener.tls()) : null);
            sslContexts.add(ssl);
            Channel ch = Shard.bind(loops, loops, loops, listener.host(), listener.port(),
                    "gateway " + settings.name() + "'s " + listener.protocol().scheme() + " clients",
                    ClientInitializers.forListener(listener, ssl::get, shards, allChannels));
            serverChannels.add(ch);
            bound.add((InetSocketAddress) ch.localAddress());
        }
        listenerAddresses = List.copyOf(bound);
    }

    private void startTlsReloadCheck() {
        if (settings.tlsReloadCheck().isZero()) {
            return;
        }
        String[] fingerprints = new String[settings.listeners().size()];
        for (int i = 0; i < fingerprints.length; i++) {
            Listener listener = settings.listeners().get(i);
            fingerprints[i] = listener.secure() ? TlsContexts.fingerprint(listener.tls()) : null;
        }
        long ms = settings.tlsReloadCheck().toMillis();
        // off the shards' loops: loading files is blocking I/O
        tlsReloadTimer = GlobalEventExecutor.INSTANCE.scheduleAtFixedRate(() -> {
            if (loops != null) {
                reloadTlsIfChanged(fingerprints);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Between start and close. */
    public boolean running() {
        return loops != null;
    }

    public List<Shard> shards() {
        return shards;
    }

    public List<InetSocketAddress> listenerAddresses() {
        return listenerAddresses;
    }

    /** See {@link io.gwkit.gateway.GatewayServer#reloadTls()}. */
    public synchronized void reloadTls() {
        List<SslContext> fresh = new ArrayList<>();
        for (Listener listener : settings.listeners()) {
            fresh.add(listener.secure() ? TlsContexts.build(listener.tls()) : null);
        }
        for (int i = 0; i < fresh.size(); i++) {
            sslContexts.get(i).set(fresh.get(i));
        }
        log.info("gateway {}: TLS certificates reloaded", settings.name());
    }

    /** {@link #reloadTls()} when a TLS file changed since the last look (the tlsReloadCheck timer). */
    private void reloadTlsIfChanged(String[] fingerprints) {
        boolean changed = false;
        for (int i = 0; i < fingerprints.length; i++) {
            Listener listener = settings.listeners().get(i);
            if (listener.secure()) {
                String now = TlsContexts.fingerprint(listener.tls());
                changed |= !now.equals(fingerprints[i]);
                fingerprints[i] = now;
            }
        }
        if (changed) {
            try {
                reloadTls();
            } catch (RuntimeException e) {
                log.warn("gateway {}: TLS files changed but cannot be loaded, keeping the current ones: {}",
                        settings.name(), e.getMessage());
            }
        }
    }

    /** {@code read} of each shard's state, run on its loop, in shard order ({@code stopped} for a stopped one). */
    public <T> List<T> onEveryShard(Function<GatewayCore, T> read, T stopped) {
        List<T> results = new ArrayList<>();
        for (Shard shard : shards) {
            io.netty.util.concurrent.Future<T> f = shard.loop().submit(() -> read.apply(shard.core()));
            results.add(f.awaitUninterruptibly().isSuccess() ? f.getNow() : stopped);
        }
        return results;
    }

    /**
     * The stop sequence of {@link io.gwkit.gateway.GatewayServer#close()}: onWorkerStop (if onWorkerStart ran),
     * no more registrations or connections, clients flushed and closed, their last events to the workers, then
     * the inner connections flushed and closed and the loops shut down. Does nothing once closed.
     */
    public void close(Runnable onWorkerStop) {
        if (loops == null) {
            return;
        }
        if (tlsReloadTimer != null) {
            tlsReloadTimer.cancel(false);
            tlsReloadTimer = null;
        }
        if (hooksStarted) {
            hooksStarted = false;
            Shard first = shards.get(0);
            first.loop().submit(() -> first.core().hook("onWorkerStop", onWorkerStop))
                    .awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        }
        shards.forEach(Shard::stopAnnouncing);
        for (Channel ch : serverChannels) {
            ch.close().awaitUninterruptibly();
        }
        serverChannels.clear();
        java.util.Set<Channel> innerServers = new java.util.HashSet<>();
        shards.forEach(s -> innerServers.add(s.innerServer()));
        ChannelMatcher clients = ch -> !innerServers.contains(ch.parent());
        allChannels.writeAndFlush(Unpooled.EMPTY_BUFFER, clients).awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        allChannels.close(clients).awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        // A closed client's channelInactive runs later on its shard's loop and queues ON_CLOSE to its worker there.
        // Netty completes the close future before the same task queues channelInactive, so one pass of the loops
        // can run ahead of it; the second is queued after it (a client's onClose was lost once under load).
        passEvery(loops);
        passEvery(loops);
        allChannels.writeAndFlush(Unpooled.EMPTY_BUFFER).awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        allChannels.close().awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        loops = null;
    }

    /** Runs an empty task on every executor of {@code group}: whatever they had queued before has  */
    private static void passEvery(EventExecutorGroup group) {
        for (EventExecutor executor : group) {
            executor.submit(() -> { }).awaitUninterruptibly(STOP_STEP_SECONDS, TimeUnit.SECONDS);
        }
    }
}
