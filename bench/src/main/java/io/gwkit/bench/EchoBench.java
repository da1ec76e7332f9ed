package io.gwkit.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N text clients each send {@code messages} lines, keeping {@code pipeline} of them in flight; the demo app
 * answers each with {@code echo <line>}. Each line carries its send time, so the round trip is measured per
 * message however many are in flight.
 */
public final class EchoBench {

    public record Config(int clients, long messages, int size, int pipeline, Duration duration,
                         List<String> sourceIps, int ioThreads, Duration timeout, List<Long> serverPids) {
    }

    private static final byte[] ECHO = "echo t".getBytes(StandardCharsets.US_ASCII);

    private EchoBench() {
    }

    public static Figures run(InetSocketAddress text, Config c, boolean progress, PrintWriter err) throws Exception {
        AtomicLong received = new AtomicLong();
        CountDownLatch done = new CountDownLatch(c.clients);
        List<Echoer> echoers = new ArrayList<>();
        Shared shared = new Shared(c, received, done);
        try (TextClients clients = new TextClients(c.ioThreads)) {
            AtomicLong opened = new AtomicLong();
            try (Progress p = Progress.start(progress, err, "connect", c.clients, opened::get)) {
                clients.open(text, c.clients, c.sourceIps, () -> {
                    Echoer e = new Echoer(shared);
                    synchronized (echoers) {
                        echoers.add(e);
                    }
                    return e;
                }, c.timeout, opened);
            }
            long total = c.messages * c.clients;
            CpuAccount cpu = CpuAccount.start(c.serverPids);
            long start = System.nanoTime();
            try (Progress p = Progress.start(progress, err, "echo", total, received::get)) {
                for (Echoer e : echoers) {
                    e.channel.eventLoop().execute(e::start);
                }
                long deadline = c.duration == null ? Long.MAX_VALUE : start + c.duration.toNanos();
                while (!done.await(50, TimeUnit.MILLISECONDS)) {
                    long now = System.nanoTime();
                    if (now >= deadline && !shared.stop) {
                        shared.stop = true; // clients finish what is in flight
                        deadline = Long.MAX_VALUE;
                        shared.stopAt = now;
                    }
                    if (shared.stop && now - shared.stopAt > c.timeout.toNanos()) {
                        break; // lost replies are reported, not waited for forever
                    }
                }
            }
            long elapsed = System.nanoTime() - start;
            long sent = echoers.stream().mapToLong(e -> e.sent).sum();
            List<LongSamples> rtts = new ArrayList<>();
            echoers.forEach(e -> rtts.add(e.rtt));
            Stats rtt = LongSamples.stats(rtts, 1e6);
            Figures f = new Figures()
                    .put("clients", c.clients)
                    .put("messages", received.get())
                    .put("lost", sent - received.get())
                    .put("seconds", elapsed / 1e9)
                    .put("msg/s", received.get() / (elapsed / 1e9))
                    .put("rtt p50 ms", rtt.percentile(50))
                    .put("rtt p99 ms", rtt.percentile(99))
                    .put("rtt p999 ms", rtt.percentile(99.9));
            cpu.put(f, "msg", received.get(), elapsed / 1e9);
            return f;
        }
    }

    private static final class Shared {
        final Config config;
        final AtomicLong received;
        final CountDownLatch done;
        volatile boolean stop;
        volatile long stopAt;

        Shared(Config config, AtomicLong received, CountDownLatch done) {
            this.config = config;
            this.received = received;
            this.done = done;
        }
    }

    /** One client's state, touched only on its event loop (sums are read after the run). */
    private static final class Echoer implements TextClients.LineHandler {
        final Shared shared;
        final LongSamples rtt = new LongSamples();
        Channel channel;
        volatile long sent;
        long answered;
        boolean finished;

        Echoer(Shared shared) {
            this.shared = shared;
        }

        @Override
        public void onOpen(TextClients.Client client) {
            channel = client.channel();
        }

        void start() {
            for (int i = 0; i < shared.config.pipeline && sent < shared.config.messages; i++) {
                send();
            }
            channel.flush();
            finishIfDone();
        }

        private void send() {
            channel.write(Payload.line(channel.alloc(), 't', System.nanoTime(), shared.config.size));
            sent++;
        }

        @Override
        public void onLine(TextClients.Client client, ByteBuf line) {
            if (!TextClients.startsWith(line, ECHO)) {
                return; // e.g. other clients' logout broadcasts
            }
            long t = TextClients.parseLong(line, ECHO.length);
            long now = System.nanoTime();
            synchronized (rtt) {
                rtt.add(now - t);
            }
            answered++;
            shared.received.incrementAndGet();
            if (!shared.stop && sent < shared.config.messages) {
                send(); // flushed at the end of the read batch
            }
            finishIfDone();
        }

        private void finishIfDone() {
            if (!finished && answered == sent && (shared.stop || sent >= shared.config.messages)) {
                finished = true;
                shared.done.countDown();
            }
        }
    }
}
