package io.gwkit.worker.internal;

import io.gwkit.protocol.HostPort;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameDecoder;
import io.gwkit.protocol.GatewayFrameEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.gwkit.netty.Transports;
import io.gwkit.server.internal.WorkerAcks;
import io.gwkit.server.internal.WorkerDrain;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's long connections to gateway inner ports, one per address the register lists.
 *
 * <p>Follows PHP's BusinessWorker: each connection starts with cmd 200 (worker_key + secret); a lost connection
 * is retried 1 s later as long as the register still lists the address; an address that disappears from the
 * list keeps its live connection (a register restart briefly lists fewer gateways) but is not reconnected.
 */
public final class GatewayLinks {

    /** Receives every frame a gateway sends on a worker connection, on that connection's event loop. */
    public interface FrameListener {
        void onFrame(String gatewayAddress, Channel channel, GatewayFrame frame);

        /** A connection to a gateway is open and authenticated (cmd 200 written), on its event loop. */
        default void onConnected(String gatewayAddress, Channel channel) {
        }

        /**
         * The connection's unsent bytes passed the send buffer size ({@link Channel#isWritable()} false) or fell
         * back below half of it (true), on its event loop.
         */
        default void onWritabilityChanged(String gatewayAddress, Channel channel) {
        }

        /** The connection to a gateway closed (the gateway's clients may be gone). */
        default void onDisconnected(String gatewayAddress) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(GatewayLinks.class);
    static final long RECONNECT_DELAY_MILLIS = 1_000;
    /** PHP BusinessWorker's sendToGatewayBufferSize default. */
    public static final int DEFAULT_SEND_BUFFER_SIZE = 10_240_000;

    private final EventLoopGroup group;
    private final GatewayFrame workerConnect;
    private final int maxFrameLength;
    private final int sendBufferSize;
    private final FrameListener listener;

    /** Addresses the register lists now, in its order. */
    private final Set<String> listed = new LinkedHashSet<>();
    private final Map<String, Channel> connected = new LinkedHashMap<>();
    private final Map<String, Channel> connecting = new HashMap<>();
    private final Set<String> waiting = new LinkedHashSet<>();
    private boolean closed;

    public GatewayLinks(EventLoopGroup group, String workerKey, String secretKey, int maxFrameLength,
                        FrameListener listener) {
        this(group, workerKey, secretKey, maxFrameLength, DEFAULT_SEND_BUFFER_SIZE, listener);
    }

    /**
     * @param sendBufferSize unsent bytes per gateway connection past which it reports itself not writable (PHP's
     *                       sendToGatewayBufferSize); writable again below half
     */
    public GatewayLinks(EventLoopGroup group, String workerKey, String secretKey, int maxFrameLength,
                        int sendBufferSize, FrameListener listener) {
        this.group = group;
        this.maxFrameLength = maxFrameLength;
        this.sendBufferSize = sendBufferSize;
        this.listener = listener;
        PhpArray auth = new PhpArray();
        auth.put("worker_key", workerKey);
        auth.put("secret_key", secretKey);
        this.workerConnect = GatewayFrame.request(Command.WORKER_CONNECT, 0, GatewayFrame.FLAG_SCALAR, null,
                PhpJson.encode(auth).getBytes(StandardCharsets.UTF_8));
    }

    /** The register's current list: connects to every listed gateway not connected or being connected. */
    public synchronized void update(List<String> addresses) {
        if (closed) {
            return;
        }
        listed.clear();
        listed.addAll(addresses);
        for (String address : addresses) {
            if (!waiting.contains(address)) {
                connect(address);
            }
        }
    }

    public synchronized List<String> listedAddresses() {
        return new ArrayList<>(listed);
    }

    public synchronized Set<String> connectedAddresses() {
        return new LinkedHashSet<>(connected.keySet());
    }

    /** Writes a frame on the connection to a gateway; false when there is none. */
    public boolean send(String address, GatewayFrame frame) {
        Channel ch;
        synchronized (this) {
            ch = connected.get(address);
        }
        if (ch == null) {
            LOG.debug("no connection to gateway {}, dropped {}", address, frame);
            return false;
        }
        write(ch, frame);
        return true;
    }

    /** Writes a frame on every gateway connection, in connection order. */
    public void sendToAll(GatewayFrame frame) {
        List<Channel> channels;
        synchronized (this) {
            channels = new ArrayList<>(connected.values());
        }
        for (Channel ch : channels) {
            write(ch, frame);
        }
    }

    private static final io.netty.util.AttributeKey<Flusher> FLUSHER =
            io.netty.util.AttributeKey.valueOf(GatewayLinks.class, "flusher");

    /** A connection's one flush task, queued at most once per loop tick: no task object per write or batch. */
    private static final class Flusher implements Runnable {
        private final Channel ch;
        private boolean scheduled;

        Flusher(Channel ch) {
            this.ch = ch;
        }

        @Override
        public void run() {
            scheduled = false;
            HandledEvents.writeAck(ch);
            ch.flush();
        }
    }

    /**
     * From a handler thread: write and flush. On the connection's own loop (handlers run inline): write now
     * and flush once the loop has finished what it is doing, so the replies to one read batch of events
     * leave in one syscall.
     */
    static void write(Channel ch, GatewayFrame frame) {
        if (!ch.eventLoop().inEventLoop()) {
            ch.writeAndFlush(frame, ch.voidPromise());
            return;
        }
        ch.write(frame, ch.voidPromise());
        flushSoon(ch);
    }

    /**
     * On the connection's loop: flush once the loop has finished what it is doing; the acknowledgement of the
     * events handled until then ({@link HandledEvents}) goes out last in the same flush, after their replies.
     */
    static void flushSoon(Channel ch) {
        Flusher f = ch.attr(FLUSHER).get();
        if (f == null) {
            f = new Flusher(ch);
            ch.attr(FLUSHER).set(f);
        }
        if (!f.scheduled) {
            f.scheduled = true;
            ch.eventLoop().execute(f);
        }
    }

    /** Waits until the worker holds a connection to each given address. */
    public synchronized boolean awaitConnected(Collection<String> addresses, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!connected.keySet().containsAll(addresses)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private static final io.netty.util.AttributeKey<java.util.concurrent.CompletableFuture<Void>> DRAINED =
            io.netty.util.AttributeKey.valueOf(GatewayLinks.class, "drained");

    /**
     * For a graceful stop, before {@link #stopReading}: asks every gateway to send no more events here
     * ({@link WorkerDrain}) and keeps reading until each has answered after its last event, or {@code timeout}
     * has passed (PHP gateways do not answer). Returns how many gateways did not answer in time.
     */
    public int drain(long timeout, TimeUnit unit) throws InterruptedException {
        return awaitDrained(requestDrain(), timeout, unit);
    }

    /** The first half of {@link #drain}: the request to every gateway, and one answer per gateway to wait for. */
    public List<java.util.concurrent.CompletableFuture<Void>> requestDrain() {
        List<Channel> channels;
        synchronized (this) {
            channels = new ArrayList<>(connected.values());
        }
        List<java.util.concurrent.CompletableFuture<Void>> answers = new ArrayList<>();
        for (Channel ch : channels) {
            java.util.concurrent.CompletableFuture<Void> answer = new java.util.concurrent.CompletableFuture<>();
            ch.attr(DRAINED).set(answer);
            ch.closeFuture().addListener(f -> answer.complete(null)); // gone: nothing more will come from it
            answers.add(answer);
            write(ch, WorkerDrain.frame());
        }
        return answers;
    }

    /** The second half of {@link #drain}, for the answers of one or several links: how many did not come in time. */
    public static int awaitDrained(List<java.util.concurrent.CompletableFuture<Void>> answers, long timeout,
                                   TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        int unanswered = 0;
        for (java.util.concurrent.CompletableFuture<Void> answer : answers) {
            try {
                answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                unanswered++;
            }
        }
        return unanswered;
    }

    /**
     * Stops reading events from every gateway (for a graceful stop); writes still go out. Returns once every
     * frame already read has been handed to the listener.
     */
    public void stopReading() {
        List<Channel> channels;
        synchronized (this) {
            channels = new ArrayList<>(connected.values());
        }
        for (Channel ch : channels) {
            // on the channel's loop, so a read batch in progress completes first
            ch.eventLoop().submit(() -> ch.config().setAutoRead(false)).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Closes every connection and stops reconnecting. Pending writes are flushed first. */
    public void close() {
        List<Channel> channels;
        synchronized (this) {
            closed = true;
            channels = new ArrayList<>(connected.values());
            channels.addAll(connecting.values());
            connected.clear();
            connecting.clear();
            notifyAll();
        }
        for (Channel ch : channels) {
            HandledEvents.flushBeforeClose(ch);
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private void connect(String address) {
        waiting.remove(address);
        if (connected.containsKey(address) || connecting.containsKey(address) || !listed.contains(address)) {
            return;
        }
        HostPort target;
        try {
            target = HostPort.parse(address);
        } catch (IllegalArgumentException e) {
            LOG.warn("register listed an unusable gateway address: {}", e.getMessage());
            return;
        }
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transports.socketChannel(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, InnerRequests.CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(sendBufferSize / 2, sendBufferSize))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new GatewayFrameDecoder(maxFrameLength), GatewayFrameEncoder.INSTANCE,
                                new LinkHandler(address));
                    }
                });
        ChannelFuture f = b.connect(target.host(), target.port());
        connecting.put(address, f.channel());
        f.addListener((ChannelFuture done) -> {
            if (done.isSuccess()) {
                done.channel().writeAndFlush(workerConnect);
                onConnected(address, done.channel());
            } else {
                LOG.warn("cannot connect to gateway {}: {}", address, done.cause().toString());
                onLost(address, done.channel());
            }
        });
    }

    private synchronized void onConnected(String address, Channel ch) {
        if (connecting.get(address) != ch) {
            ch.close();
            return;
        }
        connecting.remove(address);
        if (closed) {
            ch.close();
            return;
        }
        connected.put(address, ch);
        LOG.info("connected to gateway {}", address);
        listener.onConnected(address, ch);
        notifyAll();
    }

    private void onLost(String address, Channel ch) {
        boolean wasConnected;
        synchronized (this) {
            wasConnected = connected.get(address) == ch;
            if (wasConnected) {
                connected.remove(address);
            } else if (connecting.get(address) == ch) {
                connecting.remove(address);
            } else {
                return;
            }
            if (!closed && listed.contains(address) && waiting.add(address)) {
                group.schedule(() -> {
                    synchronized (GatewayLinks.this) {
                        if (!closed) {
                            connect(address);
                        }
                    }
                }, RECONNECT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        if (wasConnected) {
            LOG.warn("lost connection to gateway {}", address);
            listener.onDisconnected(address);
        }
    }

    private final class LinkHandler extends SimpleChannelInboundHandler<GatewayFrame> {
        private final String address;

        LinkHandler(String address) {
            this.address = address;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, GatewayFrame frame) {
            if (frame.cmd() == WorkerDrain.CMD) {
                java.util.concurrent.CompletableFuture<Void> answer = ctx.channel().attr(DRAINED).get();
                if (answer != null) {
                    answer.complete(null);
                }
                return;
            }
            if (WorkerAcks.isOffer(frame)) {
                HandledEvents.accept(ctx.channel());
                return;
            }
            listener.onFrame(address, ctx.channel(), frame);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            listener.onWritabilityChanged(address, ctx.channel());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            onLost(address, ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("closing connection to gateway {}: {}", address, cause.toString());
            ctx.close();
        }
    }
}
