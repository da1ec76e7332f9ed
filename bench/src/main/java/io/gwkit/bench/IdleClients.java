package io.gwkit.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The idle clients of {@code gw bench connections}: opened, checked ("still answering"), closed. In this
 * process ({@link Local}) or spread over agent processes ({@link ConnectionAgents}) when one process's file
 * descriptors are not enough.
 */
public interface IdleClients extends AutoCloseable {

    /** The answer to a check: how many clients got their echo, how many are still connected. */
    record Check(long answered, long connected) {
    }

    /**
     * Gets ready to open, outside the timed window: e.g. starts the agent processes and waits until each answers,
     * so that a connect rate is the server's and not a JVM's start-up.
     */
    default void prepare() throws Exception {
    }

    /** The child processes that hold clients (after {@link #prepare()}): part of the load generator. */
    default List<Long> processes() {
        return List.of();
    }

    /** Opens every client; returns once each has the demo app's welcome, throws if one could not connect. */
    void open(AtomicLong opened) throws Exception;

    /**
     * "Still answering": every client sends {@code ping} and counts if the app's {@code echo ping} comes back
     * before the timeout.
     */
    Check check() throws Exception;

    /** Closes every client (and agent process). */
    @Override
    void close();

    /** Clients of this process: {@link TextClients} on {@code ioThreads} event loops. */
    final class Local implements IdleClients {
        private static final byte[] PONG = "echo ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        private final InetSocketAddress target;
        private final int n;
        private final List<String> sourceIps;
        private final Duration timeout;
        private final TextClients clients;
        private final AtomicLong answered = new AtomicLong();
        private List<TextClients.Client> all = List.of();

        public Local(InetSocketAddress target, int n, List<String> sourceIps, int ioThreads, Duration timeout) {
            this.target = target;
            this.n = n;
            this.sourceIps = sourceIps;
            this.timeout = timeout;
            this.clients = new TextClients(ioThreads);
        }

        @Override
        public void open(AtomicLong opened) throws InterruptedException {
            TextClients.LineHandler handler = (client, line) -> {
                if (TextClients.startsWith(line, PONG)) {
                    answered.incrementAndGet();
                }
            };
            all = clients.open(target, n, sourceIps, () -> handler, timeout, opened);
        }

        @Override
        public Check check() throws InterruptedException {
            answered.set(0);
            io.netty.buffer.ByteBuf ping = io.netty.buffer.Unpooled.unreleasableBuffer(
                    io.netty.buffer.Unpooled.copiedBuffer("ping\n", java.nio.charset.StandardCharsets.US_ASCII));
            for (TextClients.Client client : all) {
                client.channel().writeAndFlush(ping.duplicate());
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (answered.get() < all.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return new Check(answered.get(), clients.activeCount());
        }

        /**
         * Opens and closes {@code n} clients on a local {@link WelcomeServer}: the connect path is compiled before
         * a timed run (an agent process starts cold for each run).
         */
        public static void warmUp(int n, int ioThreads, Duration timeout) throws InterruptedException {
            try (WelcomeServer server = WelcomeServer.start();
                 Local clients = new Local(server.address(), n, List.of(), ioThreads, timeout)) {
                clients.open(new AtomicLong());
            }
        }

        /** Echoes counted since the last {@link #check()} began. */
        public long answered() {
            return answered.get();
        }

        @Override
        public void close() {
            clients.close();
        }
    }
}
