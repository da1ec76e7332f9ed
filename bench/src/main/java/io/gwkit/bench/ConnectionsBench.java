package io.gwkit.bench;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N idle text clients: what each costs the gateway process (VmRSS of {@code /proc/PID/status}, before and
 * after; its heap through JMX or jcmd when it is a JVM), and whether every one still answers afterwards (each
 * client sends {@code ping} and must get the demo app's {@code echo ping}). Clients live in this process, or in
 * {@code agents} child processes when there are more than one process's file descriptors allow.
 */
public final class ConnectionsBench {

    /**
     * {@code agents}: 0 = clients in this process. {@code jmx}: HOST:PORT of the target JVM's JMX agent, or null;
     * {@code jmxPassword}: its password (user {@code gw}).
     * {@code jvmHeap}: without JMX, ask the target JVM's heap through jcmd (same user, JDK on the PATH).
     * {@code pids}: the processes serving the clients, gateway first (its RSS is sampled), then e.g. the worker
     * that sends the welcome; their CPU while the clients connect is reported per connection. Empty: no figures.
     */
    public record Config(int clients, List<String> sourceIps, List<Long> pids, int ioThreads, Duration timeout,
                         Duration settle, boolean jvmHeap, int agents, String jmx, String jmxPassword) {

        public Config {
            pids = List.copyOf(pids);
        }

        /** In-process clients, no JMX. */
        public Config(int clients, List<String> sourceIps, List<Long> pids, int ioThreads, Duration timeout,
                      Duration settle, boolean jvmHeap) {
            this(clients, sourceIps, pids, ioThreads, timeout, settle, jvmHeap, 0, null, null);
        }

        /** The gateway's process, or null. */
        Long gatewayPid() {
            return pids.isEmpty() ? null : pids.get(0);
        }
    }

    private ConnectionsBench() {
    }

    public static Figures run(InetSocketAddress text, Config c, boolean progress, PrintWriter err) throws Exception {
        try (HeapProbe heap = HeapProbe.of(c)) {
            JmxHeap.Sample before = heap.sample();
            double rssBefore = c.gatewayPid() == null ? Double.NaN : ProcStat.rssKib(c.gatewayPid());
            Figures f = new Figures().put("clients", c.clients).put("agents", c.agents);
            IdleClients clients = c.agents > 0
                    ? new ConnectionAgents(text, c.clients, c.agents, c.sourceIps, c.timeout)
                    : new IdleClients.Local(text, c.clients, c.sourceIps, c.ioThreads, c.timeout);
            try {
                clients.prepare();
                AtomicLong opened = new AtomicLong();
                CpuAccount cpu = CpuAccount.start(c.pids(), clients.processes());
                long start = System.nanoTime();
                try (Progress p = Progress.start(progress, err, "connect", c.clients, opened::get)) {
                    clients.open(opened);
                }
                double openSeconds = (System.nanoTime() - start) / 1e9;
                cpu.put(f, "conn", c.clients, openSeconds); // before the settle: only the connecting is counted
                Thread.sleep(c.settle.toMillis()); // let the gateway's allocations settle before sampling RSS
                JmxHeap.Sample after = heap.sample();
                double rssAfter = c.gatewayPid() == null ? Double.NaN : ProcStat.rssKib(c.gatewayPid());
                long checkStart = System.nanoTime();
                IdleClients.Check check = clients.check();
                double checkSeconds = (System.nanoTime() - checkStart) / 1e9;
                double rssChecked = c.gatewayPid() == null ? Double.NaN : ProcStat.rssKib(c.gatewayPid());
                f.put("open s", openSeconds)
                        .put("connects/s", c.clients / openSeconds)
                        .put("answering", check.answered())
                        .put("still connected", check.connected())
                        .put("check s", checkSeconds)
                        .put("rss before MiB", rssBefore / 1024)
                        .put("rss after MiB", rssAfter / 1024)
                        .put("rss KiB/conn", (rssAfter - rssBefore) / c.clients)
                        .put("rss after check MiB", rssChecked / 1024)
                        .put("live heap KiB/conn", (after.usedKib() - before.usedKib()) / c.clients)
                        .put("heap committed MiB", after.committedKib() / 1024);
            } finally {
                clients.close();
            }
            // The demo app broadcasts a logout per closed client (O(N²) lines): wait, bounded, for the cluster
            // to work that off so the next run starts from a quiet cluster; report how long it took.
            long closed = System.nanoTime();
            boolean settled = settle(text, c.timeout);
            return f.put("settled after close s", settled ? (System.nanoTime() - closed) / 1e9 : Double.NaN);
        }
    }

    private static boolean settle(InetSocketAddress text, Duration timeout) throws InterruptedException {
        try {
            TextClients.settle(text, timeout);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The target JVM's heap: over JMX, through jcmd, or not at all (NaN). */
    private interface HeapProbe extends AutoCloseable {
        JmxHeap.Sample sample() throws Exception;

        @Override
        default void close() throws Exception {
        }

        static HeapProbe of(Config c) throws Exception {
            if (c.jmx != null) {
                JmxHeap jmx = JmxHeap.connect(c.jmx, c.jmxPassword);
                return new HeapProbe() {
                    @Override
                    public JmxHeap.Sample sample() {
                        return jmx.sample();
                    }

                    @Override
                    public void close() throws Exception {
                        jmx.close();
                    }
                };
            }
            if (c.jvmHeap && c.gatewayPid() != null) {
                return () -> new JmxHeap.Sample(ProcStat.jvmLiveHeapKib(c.gatewayPid()), Double.NaN);
            }
            return () -> new JmxHeap.Sample(Double.NaN, Double.NaN);
        }
    }
}
