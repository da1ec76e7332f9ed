package io.gwkit.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N idle text clients: what each costs the gateway process (VmRSS of {@code /proc/PID/status}, before and
 * after), and whether every one still answers afterwards (an echo round trip each).
 */
public final class ConnectionsBench {

    /** {@code jvmHeap}: the target is a JVM; also report its live heap after a full GC (via jcmd). */
    public record Config(int clients, List<String> sourceIps, Long pid, int ioThreads, Duration timeout,
                         Duration settle, boolean jvmHeap) {
    }

    private static final byte[] PONG = "echo ping".getBytes(StandardCharsets.US_ASCII);

    private ConnectionsBench() {
    }

    public static Figures run(InetSocketAddress text, Config c, boolean progress, PrintWriter err) throws Exception {
        double heapBefore = c.jvmHeap ? ProcStat.jvmLiveHeapKib(c.pid) : Double.NaN;
        double rssBefore = c.pid == null ? Double.NaN : ProcStat.rssKib(c.pid);
        AtomicLong answered = new AtomicLong();
        TextClients.LineHandler handler = (client, line) -> {
            if (TextClients.startsWith(line, PONG)) {
                answered.incrementAndGet();
            }
        };
        try (TextClients clients = new TextClients(c.ioThreads)) {
            AtomicLong opened = new AtomicLong();
            long start = System.nanoTime();
            List<TextClients.Client> all;
            try (Progress p = Progress.start(progress, err, "connect", c.clients, opened::get)) {
                all = clients.open(text, c.clients, c.sourceIps, () -> handler, c.timeout, opened);
            }
            double openSeconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(c.settle.toMillis()); // let the gateway's allocations settle before sampling RSS
            double heapAfter = c.jvmHeap ? ProcStat.jvmLiveHeapKib(c.pid) : Double.NaN;
            double rssAfter = c.pid == null ? Double.NaN : ProcStat.rssKib(c.pid);
            long checkStart = System.nanoTime();
            ByteBuf ping = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer("ping\n", StandardCharsets.US_ASCII));
            for (TextClients.Client client : all) {
                client.channel().writeAndFlush(ping.duplicate());
            }
            long checkDeadline = checkStart + c.timeout.toNanos();
            try (Progress p = Progress.start(progress, err, "check", c.clients, answered::get)) {
                while (answered.get() < c.clients && System.nanoTime() < checkDeadline) {
                    Thread.sleep(20);
                }
            }
            double checkSeconds = (System.nanoTime() - checkStart) / 1e9;
            return new Figures()
                    .put("clients", c.clients)
                    .put("open s", openSeconds)
                    .put("connects/s", c.clients / openSeconds)
                    .put("answering", answered.get())
                    .put("still connected", clients.activeCount())
                    .put("check s", checkSeconds)
                    .put("rss before MiB", rssBefore / 1024)
                    .put("rss after MiB", rssAfter / 1024)
                    .put("rss KiB/conn", (rssAfter - rssBefore) / c.clients)
                    .put("live heap KiB/conn", (heapAfter - heapBefore) / c.clients);
        }
    }
}
