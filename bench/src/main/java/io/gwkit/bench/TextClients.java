package io.gwkit.bench;

import io.gwkit.netty.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A load generator's end clients over the text protocol (one line per message), on Netty. A client counts as
 * open once the demo app's welcome line arrived, so the gateway and the worker both know it. Clients can be
 * spread over several local source addresses (127.0.0.x): one source address only has ~28k ephemeral ports
 * towards one target.
 */
public final class TextClients implements AutoCloseable {

    /** Receives each line after the welcome, on the client's event loop; the buffer is released after. */
    public interface LineHandler {
        void onLine(Client client, ByteBuf line);

        /** After the channel is connected, before the welcome: e.g. to remember the client. */
        default void onOpen(Client client) {
        }
    }

    /** One connected end client. */
    public static final class Client {
        private final Channel channel;
        private final int index;
        private volatile String clientId;

        Client(Channel channel, int index) {
            this.channel = channel;
            this.index = index;
        }

        public Channel channel() {
            return channel;
        }

        public int index() {
            return index;
        }

        /** The client_id from the welcome line. */
        public String clientId() {
            return clientId;
        }
    }

    private static final int MAX_LINE = 1 << 20;
    private static final int CONNECTS_IN_FLIGHT = 256;

    private final EventLoopGroup group;
    private final List<Client> clients = new ArrayList<>();

    public TextClients(int ioThreads) {
        group = Transports.group(ioThreads);
    }

    /**
     * Opens {@code n} clients to {@code target}, round-robin over {@code sourceIps} (empty: the default), and
     * returns once every one has its welcome; fails if one cannot connect or is not welcomed in time.
     */
    public List<Client> open(InetSocketAddress target, int n, List<String> sourceIps, Supplier<LineHandler> handlers,
                             Duration timeout, AtomicLong progress) throws InterruptedException {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<Client>> welcomed = new ArrayList<>(n);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < n; i++) {
            if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("opening clients timed out after " + i + " of " + n + " to " + target);
            }
            CompletableFuture<Client> f = new CompletableFuture<>();
            f.whenComplete((c, e) -> inFlight.release());
            welcomed.add(f);
            int index = i;
            LineHandler handler = handlers.get();
            Bootstrap b = new Bootstrap().group(group).channel(Transports.socketChannel(group))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 60_000))
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            Client client = new Client(ch, index);
                            ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE, true, false),
                                    new ClientHandler(client, handler, f));
                        }
                    });
            ChannelFuture cf = sourceIps.isEmpty() ? b.connect(target)
                    : b.connect(target, new InetSocketAddress(sourceIps.get(i % sourceIps.size()), 0));
            cf.addListener(done -> {
                if (!done.isSuccess()) {
                    f.completeExceptionally(done.cause());
                }
            });
        }
        List<Client> opened = new ArrayList<>(n);
        for (CompletableFuture<Client> f : welcomed) {
            try {
                Client c = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                opened.add(c);
                if (progress != null) {
                    progress.incrementAndGet();
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                synchronized (clients) {
                    clients.addAll(opened);
                }
                throw new IllegalStateException("client " + opened.size() + " of " + n + " to " + target
                        + " was not welcomed: " + (e.getCause() != null ? e.getCause() : e), e);
            }
        }
        synchronized (clients) {
            clients.addAll(opened);
        }
        return opened;
    }

    /**
     * Waits until the cluster behind {@code target} has worked off what earlier clients left queued (e.g. the
     * demo app's logout broadcast for each closed client): a fresh client's echo comes back behind it.
     */
    public static void settle(InetSocketAddress target, Duration timeout) throws InterruptedException {
        byte[] pong = "echo settle".getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<Void> answered = new CompletableFuture<>();
        try (TextClients probe = new TextClients(1)) {
            List<Client> c = probe.open(target, 1, List.of(), () -> (client, line) -> {
                if (startsWith(line, pong)) {
                    answered.complete(null);
                }
            }, timeout, null);
            c.get(0).channel.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer("settle\n", StandardCharsets.US_ASCII));
            answered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(target + " did not settle within " + timeout + ": " + e, e);
        }
    }

    /** How many of this generator's clients are still connected. */
    public int activeCount() {
        synchronized (clients) {
            return (int) clients.stream().filter(c -> c.channel.isActive()).count();
        }
    }

    /** Closes every client opened so far and waits for the closes to complete. */
    public void closeClients() {
        List<Client> all;
        synchronized (clients) {
            all = new ArrayList<>(clients);
            clients.clear();
        }
        List<ChannelFuture> closes = new ArrayList<>(all.size());
        for (Client c : all) {
            closes.add(c.channel.close());
        }
        for (ChannelFuture f : closes) {
            f.awaitUninterruptibly(10_000);
        }
    }

    @Override
    public void close() {
        closeClients();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The client_id in the demo app's welcome line {"type":"welcome","client_id":"…"}, or null. */
    static String welcomeClientId(String line) {
        String key = "\"client_id\":\"";
        int at = line.indexOf("\"type\":\"welcome\"");
        int id = line.indexOf(key);
        if (at < 0 || id < 0) {
            return null;
        }
        int start = id + key.length();
        int end = line.indexOf('"', start);
        return end < 0 ? null : line.substring(start, end);
    }

    /** Parses the unsigned decimal at {@code offset} of {@code line}, up to the first non-digit; -1 if none. */
    public static long parseLong(ByteBuf line, int offset) {
        int i = line.readerIndex() + offset;
        int end = line.writerIndex();
        long v = 0;
        int digits = 0;
        for (; i < end; i++) {
            byte b = line.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            v = v * 10 + (b - '0');
            digits++;
        }
        return digits == 0 ? -1 : v;
    }

    /** True if {@code line} starts with the ASCII {@code prefix}. */
    public static boolean startsWith(ByteBuf line, byte[] prefix) {
        if (line.readableBytes() < prefix.length) {
            return false;
        }
        int r = line.readerIndex();
        for (int i = 0; i < prefix.length; i++) {
            if (line.getByte(r + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static final class ClientHandler extends ChannelInboundHandlerAdapter {
        private final Client client;
        private final LineHandler handler;
        private final CompletableFuture<Client> welcomed;

        ClientHandler(Client client, LineHandler handler, CompletableFuture<Client> welcomed) {
            this.client = client;
            this.handler = handler;
            this.welcomed = welcomed;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            handler.onOpen(client);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf line = (ByteBuf) msg;
            try {
                if (client.clientId == null) {
                    String id = welcomeClientId(line.toString(StandardCharsets.UTF_8));
                    if (id != null) {
                        client.clientId = id;
                        welcomed.complete(client);
                    }
                    return;
                }
                handler.onLine(client, line);
            } finally {
                ReferenceCountUtil.release(line);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            welcomed.completeExceptionally(new IllegalStateException("closed by the gateway before the welcome"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            welcomed.completeExceptionally(cause);
            ctx.close();
        }
    }
}
