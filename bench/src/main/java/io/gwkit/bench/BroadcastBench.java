package io.gwkit.bench;

import io.gwkit.client.GatewayClient;
import io.netty.buffer.ByteBuf;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * N idle text clients; the SDK calls sendToAll once per round and the round lasts until the last client has
 * the line (lines carry their round number). Rounds run one after the other.
 */
public final class BroadcastBench {

    public record Config(int clients, int rounds, int size, Duration duration, List<String> sourceIps,
                         int ioThreads, Duration timeout, String secret, List<Long> serverPids) {
    }

    private BroadcastBench() {
    }

    public static Figures run(String register, InetSocketAddress text, Config c, boolean progress, PrintWriter err)
            throws Exception {
        AtomicLongArray last = new AtomicLongArray(c.rounds);
        CountDownLatch[] arrived = new CountDownLatch[c.rounds];
        for (int i = 0; i < c.rounds; i++) {
            arrived[i] = new CountDownLatch(c.clients);
        }
        AtomicLong delivered = new AtomicLong();
        TextClients.LineHandler handler = (client, line) -> onLine(line, c.rounds, last, arrived, delivered);
        try (TextClients clients = new TextClients(c.ioThreads);
             GatewayClient sdk = GatewayClient.builder().registerAddress(register).secretKey(c.secret).build()) {
            AtomicLong opened = new AtomicLong();
            try (Progress p = Progress.start(progress, err, "connect", c.clients, opened::get)) {
                clients.open(text, c.clients, c.sourceIps, () -> handler, c.timeout, opened);
            }
            sdk.getAllClientCount(); // connects the SDK to every gateway before the clock starts
            List<Double> roundMillis = new ArrayList<>();
            CpuAccount cpu = CpuAccount.start(c.serverPids);
            long start = System.nanoTime();
            long deadline = c.duration == null ? Long.MAX_VALUE : start + c.duration.toNanos();
            AtomicLong round = new AtomicLong();
            long lastArrival = start;
            int incomplete = 0;
            try (Progress p = Progress.start(progress, err, "rounds", c.rounds, round::get)) {
                for (int r = 0; r < c.rounds && System.nanoTime() < deadline; r++) {
                    long sentAt = System.nanoTime();
                    sdk.sendToAll(Payload.text('b', r, c.size));
                    if (!arrived[r].await(c.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        incomplete++;
                        round.incrementAndGet();
                        break; // the cluster lost lines: report it rather than wait more rounds out
                    }
                    lastArrival = last.get(r);
                    roundMillis.add((lastArrival - sentAt) / 1e6);
                    round.incrementAndGet();
                }
            }
            long elapsed = Math.max(1, lastArrival - start);
            Stats s = Stats.of(roundMillis);
            Figures f = new Figures()
                    .put("clients", c.clients)
                    .put("rounds", roundMillis.size())
                    .put("incomplete rounds", incomplete)
                    .put("lines delivered", delivered.get())
                    .put("round p50 ms", s.percentile(50))
                    .put("round p99 ms", s.percentile(99))
                    .put("round max ms", s.max())
                    .put("lines/s", (double) c.clients * roundMillis.size() / (elapsed / 1e9));
            cpu.put(f, "line", delivered.get(), (System.nanoTime() - start) / 1e9);
            return f;
        }
    }

    private static void onLine(ByteBuf line, int rounds, AtomicLongArray last, CountDownLatch[] arrived,
                               AtomicLong delivered) {
        if (line.readableBytes() < 2 || line.getByte(line.readerIndex()) != 'b') {
            return; // welcome of others, logouts
        }
        long r = TextClients.parseLong(line, 1);
        if (r < 0 || r >= rounds) {
            return;
        }
        long now = System.nanoTime();
        last.accumulateAndGet((int) r, now, Math::max);
        delivered.incrementAndGet();
        arrived[(int) r].countDown();
    }
}
