package io.gwkit.gateway.internal;

import io.gwkit.gateway.GatewayStats;
import io.gwkit.netty.Transports;
import io.gwkit.server.internal.AcceptBackoff;
import io.gwkit.server.internal.Binds;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One shard of a gateway = one PHP gateway process (its {@code count} = N makes N of them): one event loop that owns
 * its clients (their I/O too), their uid/group/session state ({@link GatewayCore}), its own inner listener on
 * {@code lanPort + index} (any free port when lanPort is 0), announced to every register as a gateway address of
 * its own, and the worker and GatewayClient connections to it. A client's message to a worker and the reply to it
 * never change thread. Nothing is shared between shards but the client listeners' ports and {@link GatewayStats}.
 */
public final class Shard {

    /**
     * One receive-buffer sizing policy for every connection instead of one object per connection (each connection
     * still keeps its own small sizing state): idle connections are the gateway's bulk.
     */
    private static final AdaptiveRecvByteBufAllocator SHARED_RECV_ALLOCATOR = new AdaptiveRecvByteBufAllocator();

    private final int index;
    private final Settings settings;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final GatewayCore core;
    private final List<RegisterLink> registerLinks = new ArrayList<>();
    private volatile Channel innerServer;
    private volatile InetSocketAddress innerAddress;

    private Shard(int index, Settings settings, GatewayStats stats, EventLoopGroup group, EventLoop loop) {
        this.index = index;
        this.settings = settings;
        this.group = group;
        this.loop = loop;
        this.core = new GatewayCore(settings, stats, loop);
        core.lanPort(settings.lanPort() == 0 ? 0 : settings.lanPort() + index);
    }

    /** One shard per event loop of {@code group}, in the group's order (shard i announces lanPort + i). */
    public static List<Shard> of(Settings settings, GatewayStats stats, EventLoopGroup group) {
        List<Shard> shards = new ArrayList<>();
        group.forEach(e -> shards.add(new Shard(shards.size(), settings, stats, group, (EventLoop) e)));
        return List.copyOf(shards);
    }

    public EventLoop loop() {
        return loop;
    }

    public GatewayCore core() {
        return core;
    }

    public Channel innerServer() {
        return innerServer;
    }

    /** The bound inner address; null before {@link #bindInner}. */
    public InetSocketAddress innerAddress() {
        return innerAddress;
    }

    /** {@code lanIp:lanPort} of this shard, as announced and in its client_ids. */
    public String announcedAddress() {
        return settings.lanIp() + ":" + core.lanPort();
    }

    /**
     * Binds this shard's inner listener (innerBind port + index, or any free port when it is 0) on its loop;
     * with lanPort 0 the bound port is announced.
     */
    public void bindInner(ChannelGroup all) throws InterruptedException {
        int port = settings.innerBindPort() == 0 ? 0 : settings.innerBindPort() + index;
        String what = "gateway " + settings.name() + "'s inner port (workers)"
                + (settings.count() > 1 ? " of shard " + index : "");
        innerServer = bind(group, loop, loop, settings.innerBindHost(), port, what, new InnerInitializer(core, all));
        innerAddress = (InetSocketAddress) innerServer.localAddress();
        if (settings.lanPort() == 0) {
            core.lanPort(innerAddress.getPort());
        }
    }

    /** Client heartbeats and worker keepalives of this shard, on its loop. */
    public void startTimers() {
        if (!settings.pingInterval().isZero()) {
            long ms = settings.pingNotResponseLimit() > 0 ? settings.pingInterval().toMillis() / 2
                    : settings.pingInterval().toMillis();
            loop.scheduleAtFixedRate(core::heartbeat, ms, ms, TimeUnit.MILLISECONDS);
        }
        if (!settings.lanIp().equals("127.0.0.1")) {
            long ms = settings.keepaliveInterval().toMillis();
            loop.scheduleAtFixedRate(core::pingWorkers, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Announces this shard's address to every register; completes once all have it. */
    public CompletableFuture<Void> announce() {
        List<CompletableFuture<Void>> announcements = new ArrayList<>();
        for (String register : settings.registerAddresses()) {
            RegisterLink link = new RegisterLink(register, group, announcedAddress(), settings.secretKey(),
                    settings.registerReconnectDelay(), settings.keepaliveInterval());
            registerLinks.add(link);
            announcements.add(link.start());
        }
        return CompletableFuture.allOf(announcements.toArray(new CompletableFuture[0]));
    }

    public void stopAnnouncing() {
        registerLinks.forEach(RegisterLink::stop);
        registerLinks.clear();
    }

    /**
     * A listening channel whose accepted connections go to {@code children} (a whole group: each accepted
     * channel's loop is its shard), with the gateway's child options.
     */
    public static Channel bind(EventLoopGroup transport, EventLoopGroup acceptor, EventLoopGroup children,
            String host, int port, String what, ChannelHandler initializer) throws InterruptedException {
        ServerBootstrap bootstrap = AcceptBackoff.install(new ServerBootstrap(), what + " " + host + ":" + port)
                .group(acceptor, children)
                .channel(Transports.serverChannel(transport))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, SHARED_RECV_ALLOCATOR)
                .childHandler(initializer);
        return Binds.bind(bootstrap, host, port, what);
    }
}
