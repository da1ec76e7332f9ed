package io.gwkit.cli;

import io.gwkit.bench.PhpStyleCalls;
import io.gwkit.bench.ProcStat;
import io.gwkit.bench.SinkCluster;
import io.gwkit.bench.Stats;
import io.gwkit.client.GatewayClient;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Ipv4;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gw bench sdk}: in one run against the same cluster, a new connection per call (PHP GatewayClient's
 * shape in plain blocking sockets, and the SDK's connectionPerCall mode) versus the pooled SDK (blocking and
 * async), for sendToClient (fire-and-forget) and isOnline (request/reply), with 1 and N caller threads. Modes
 * alternate within each round (A B C D, A B C D, …) and the summary shows medians, so the machine's drifting
 * load hits every mode alike. CPU per call is this process's (the client side's). Calls go to a client_id that is not connected, so the gateway does the full work of looking
 * it up without pushing bytes to a real client.
 */
@Command(name = "sdk", mixinStandardHelpOptions = true,
        header = "Benchmark the SDK: connection per call (PHP style) vs pooled.")
public final class BenchSdkCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    // SharedOptions.Register but optional, which a mixin's option cannot be for one command: --sink stands in.
    @Option(names = {"-r", "--register"}, paramLabel = SharedOptions.HOST_PORT,
            converter = HostPort.Check.class, description = SharedOptions.REGISTER_DESCRIPTION)
    List<String> registers = new ArrayList<>();

    @Option(names = "--sink", description = "Benchmark against an in-process Java sink gateway instead of --register"
            + " (measures the client side alone).")
    boolean sink;

    @Mixin
    SharedOptions.Secret secret;

    @Option(names = "--seconds", defaultValue = "3",
            description = "Measured seconds per case (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--threads", split = ",", defaultValue = "1,16",
            description = "Caller thread counts (default ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--warmup", defaultValue = "1",
            description = "Unmeasured seconds before each case (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--window", defaultValue = "4096",
            description = "Outstanding async sends per thread in pooled fire-and-forget (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Rounds; each round runs every mode once, alternately, and the summary shows medians"
                    + " (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--pid", paramLabel = "<pid[+pid…]>", split = "\\+",
            description = "Processes serving the calls (the gateway, say): their CPU per call from /proc is printed"
                    + " beside the caller's.")
    List<Long> serverPids = new ArrayList<>();

    /** The modes of {@code --modes}; picocli converts their names and lists them in the help. */
    enum Mode {
        PHP_STYLE("php-style"), PER_CALL("per-call"), POOLED("pooled"), POOLED_ASYNC("pooled-async"),
        SOCKET_FLOOR("socket-floor"), POOLED_NIO("pooled-nio");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The operations of {@code --ops}, named as PHP names the methods. */
    enum Op { sendToClient, isOnline }

    @Option(names = "--modes", split = ",", defaultValue = "php-style,per-call,pooled,pooled-async,socket-floor",
            description = "Modes to run: php-style (a blocking socket per call, PHP GatewayClient's shape),"
                    + " per-call (the SDK's connectionPerCall mode), pooled (blocking), pooled-async,"
                    + " socket-floor (isOnline only: one kept blocking socket per thread, no hand-off; the floor"
                    + " under any blocking round trip), pooled-nio (pooled blocking on Java NIO instead of native"
                    + " epoll) (default ${DEFAULT-VALUE}).")
    List<Mode> modes;

    @Option(names = "--connections", defaultValue = "2",
            description = "Pooled connections per gateway (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--io-threads", defaultValue = "2",
            description = "SDK I/O threads (default ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--ops", split = ",", defaultValue = "sendToClient,isOnline",
            description = "Operations: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    List<Op> ops;

    /** Failed blocking calls of the current run (counted, not fatal). */
    private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    private record Result(String mode, String op, int threads, long calls, double seconds, Stats latencyMicros,
                          double cpuMicrosPerCall, double serverMicrosPerCall, long failedCalls) {
        double rate() {
            return calls / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (sink == !registers.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give either --register or --sink");
        }
        try (SinkCluster cluster = sink ? new SinkCluster() : null) {
            return bench(out, cluster == null ? registers : List.of(cluster.registerAddress()));
        }
    }

    private Call call(String mode, String op, String target, GatewayClient pooled, GatewayClient perCall,
                      GatewayClient nio, PhpStyleCalls php, List<AutoCloseable> kept) {
        boolean send = op.equals("sendToClient");
        if (mode.equals("socket-floor")) {
            ThreadLocal<PhpStyleCalls.Kept> socket = ThreadLocal.withInitial(() -> {
                try {
                    PhpStyleCalls.Kept k = php.keep();
                    synchronized (kept) {
                        kept.add(k);
                    }
                    return k;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            return () -> socket.get().isOnline(target);
        }
        return switch (mode) {
            case "php-style" -> send ? () -> php.sendToClient(target, "x") : () -> php.isOnline(target);
            case "per-call" -> send ? () -> perCall.sendToClient(target, "x") : () -> perCall.isOnline(target);
            case "pooled-nio" -> send ? () -> nio.sendToClient(target, "x") : () -> nio.isOnline(target);
            default -> send ? () -> pooled.sendToClient(target, "x") : () -> pooled.isOnline(target);
        };
    }

    private int bench(PrintWriter out, List<String> registerAddresses) throws Exception {
        GatewayClient.Builder base = GatewayClient.builder().secretKey(secret.key).connectionsPerGateway(connections)
                .ioThreads(ioThreads);
        registerAddresses.forEach(base::registerAddress);
        Map<String, List<Result>> results = new LinkedHashMap<>();
        try (GatewayClient pooled = base.build();
             GatewayClient perCall = pooled.newBuilder().connectionPerCall(true).build();
             GatewayClient nio = base.nativeTransport(false).build()) {
            String gateway = firstGateway(registerAddresses.get(0));
            String target = offlineClientOn(gateway);
            PhpStyleCalls php = new PhpStyleCalls(gateway, secret.key);
            out.printf("target client_id %s (not connected) on gateway %s; %d round(s), modes alternate%n", target,
                    gateway, rounds);
            out.printf("%-5s %-12s %-12s %7s %12s %10s %10s %12s%s%n", "round", "mode", "operation", "threads",
                    "calls/s", "p50 µs", "p99 µs", "cpu µs/call",
                    serverPids.isEmpty() ? "" : String.format("%15s", "server µs/call"));
            out.flush();
            long nanos = (long) (seconds * 1e9);
            for (int t : threads) {
                for (String op : names(ops)) {
                    for (int round = 1; round <= rounds; round++) {
                        for (String mode : names(modes)) {
                            boolean warm = round == 1;
                            if (mode.equals("socket-floor") && !op.equals("isOnline")) {
                                continue;
                            }
                            List<AutoCloseable> kept = new ArrayList<>();
                            Result r = mode.equals("pooled-async")
                                    ? runAsync(mode, op, t, nanos, warm, op.equals("sendToClient")
                                            ? () -> pooled.async().sendToClient(target, "x")
                                            : () -> pooled.async().isOnline(target))
                                    : run(mode, op, t, nanos, warm, call(mode, op, target, pooled, perCall, nio, php, kept));
                            for (AutoCloseable k : kept) {
                                k.close();
                            }
                            results.computeIfAbsent(key(mode, op, t), k -> new ArrayList<>()).add(r);
                            print(out, Integer.toString(round), r);
                        }
                    }
                }
            }
        }
        out.println();
        out.printf("medians of %d round(s):%n", rounds);
        for (int t : threads) {
            for (String op : names(ops)) {
                for (String mode : names(modes)) {
                    List<Result> runs = results.get(key(mode, op, t));
                    if (runs != null) {
                        print(out, "med", median(runs));
                    }
                }
            }
        }
        out.println();
        for (int t : threads) {
            for (String op : names(ops)) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s %2d threads:", op, t));
                for (String mode : List.of("pooled", "pooled-async", "socket-floor", "pooled-nio")) {
                    for (String reference : List.of("php-style", "per-call", "pooled-nio")) {
                        List<Result> b = results.get(key(mode, op, t));
                        List<Result> a = results.get(key(reference, op, t));
                        if (a != null && b != null && !mode.equals(reference)) {
                            line.append(String.format(Locale.ROOT, "  %s/%s = %.1fx", mode, reference, Stats.medianRatio(
                                    a.stream().map(Result::rate).toList(), b.stream().map(Result::rate).toList())));
                        }
                    }
                }
                out.println(line);
            }
        }
        out.flush();
        return Gw.EXIT_OK;
    }

    private static List<String> names(List<? extends Enum<?>> choices) {
        return choices.stream().map(Object::toString).toList();
    }

    private static String key(String mode, String op, int threads) {
        return mode + ' ' + op + ' ' + threads;
    }

    /** The run with the median rate (its latencies and CPU are shown with it). */
    private static Result median(List<Result> runs) {
        List<Result> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(Result::rate));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** The first gateway the register lists. */
    private String firstGateway(String register) throws java.io.IOException {
        int colon = register.lastIndexOf(':');
        try (java.net.Socket s = new java.net.Socket(register.substring(0, colon),
                Integer.parseInt(register.substring(colon + 1)))) {
            s.setSoTimeout(5000);
            s.getOutputStream().write((new io.gwkit.protocol.RegisterMessage.WorkerConnect(secret.key).toLine() + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            io.gwkit.protocol.RegisterMessage m = io.gwkit.protocol.RegisterMessage.parse(line);
            if (!(m instanceof io.gwkit.protocol.RegisterMessage.BroadcastAddresses)
                    || ((io.gwkit.protocol.RegisterMessage.BroadcastAddresses) m).addresses().isEmpty()) {
                throw new IllegalStateException("register " + register + " lists no gateway: " + line);
            }
            return ((io.gwkit.protocol.RegisterMessage.BroadcastAddresses) m).addresses().get(0);
        }
    }

    /** A client_id on {@code gateway} with a connection id no gateway hands out soon. */
    private static String offlineClientOn(String gateway) {
        int c = gateway.lastIndexOf(':');
        return new ClientId(Ipv4.parse(gateway.substring(0, c)), Integer.parseInt(gateway.substring(c + 1)),
                0xFFFF_FFF0L).toString();
    }

    private static void print(PrintWriter out, String round, Result r) {
        out.printf(Locale.ROOT, "%-5s %-12s %-12s %7d %12.0f %10.1f %10.1f %12.1f%s%s%n", round, r.mode, r.op,
                r.threads, r.rate(), r.latencyMicros.percentile(50), r.latencyMicros.percentile(99), r.cpuMicrosPerCall,
                Double.isNaN(r.serverMicrosPerCall) ? "" : String.format(Locale.ROOT, "%15.1f", r.serverMicrosPerCall),
                r.failedCalls == 0 ? "" : "  (" + r.failedCalls + " failed)");
        out.flush();
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** One caller thread's loop: records latencies (ns) into {@code latencies} until {@code end}; returns calls made. */
    @FunctionalInterface
    private interface Loop {
        long run(long[] latencies, long end) throws Exception;
    }

    /** Blocking calls from {@code threads} threads for {@code nanos}. */
    private Result run(String mode, String op, int threads, long nanos, boolean warm, Call call)
            throws Exception {
        return measure(mode, op, threads, nanos, warm, () -> (lat, end) -> {
            long n = 0;
            long now;
            while ((now = System.nanoTime()) < end) {
                try {
                    call.run();
                } catch (Exception e) { // a timed-out or refused call is a result too (PHP would return false)
                    if (failed.getAndIncrement() == 0) {
                        firstFailure.set(e);
                    }
                }
                lat[(int) (n & (lat.length - 1))] = System.nanoTime() - now;
                n++;
            }
            return n;
        });
    }

    /** Async calls with at most {@code --window} outstanding per thread; latency = call to completion. */
    private Result runAsync(String mode, String op, int threads, long nanos, boolean warm,
                            java.util.function.Supplier<CompletableFuture<?>> call) throws Exception {
        int permits = window;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Result r = measure(mode, op, threads, nanos, warm, () -> (lat, end) -> {
            Semaphore outstanding = new Semaphore(permits);
            long n = 0;
            long now;
            while ((now = System.nanoTime()) < end) {
                outstanding.acquire();
                long began = now;
                int slot = (int) (n & (lat.length - 1));
                call.get().whenComplete((v, e) -> {
                    lat[slot] = System.nanoTime() - began;
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    outstanding.release();
                });
                n++;
            }
            outstanding.acquire(permits);
            return n;
        });
        if (failure.get() != null) {
            throw new IllegalStateException("benchmark call failed: " + failure.get(), failure.get());
        }
        return r;
    }

    private Result measure(String mode, String op, int threads, long nanos, boolean warm,
                           java.util.function.Supplier<Loop> loops) throws Exception {
        if (warm && warmupSeconds > 0) {
            once(threads, (long) (warmupSeconds * 1e9), loops, List.of()); // JIT and connections warm, not measured
        }
        failed.set(0);
        firstFailure.set(null);
        Result r = once(threads, nanos, loops, serverPids).summarize(mode, op, threads);
        if (failed.get() > 0) {
            spec.commandLine().getErr().printf("%s %s %d threads: %d calls failed, first: %s%n", mode, op, threads,
                    failed.get(), firstFailure.get());
        }
        return new Result(r.mode, r.op, r.threads, r.calls, r.seconds, r.latencyMicros, r.cpuMicrosPerCall,
                r.serverMicrosPerCall, failed.get());
    }

    /** {@code serverCpuSeconds}: NaN when no server process is watched. */
    private record Run(long[] counts, List<long[]> samples, long[] window, long cpuNanos, double serverCpuSeconds) {
        Result summarize(String mode, String op, int threads) {
            return BenchSdkCommand.summarize(mode, op, threads, counts, samples, window, cpuNanos, serverCpuSeconds);
        }
    }

    private static Run once(int threads, long nanos, java.util.function.Supplier<Loop> loops, List<Long> serverPids)
            throws Exception {
        List<long[]> samples = new ArrayList<>();
        long[] counts = new long[threads];
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            long[] lat = new long[1 << 20];
            samples.add(lat);
            int index = i;
            Loop loop = loops.get();
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    counts[index] = loop.run(lat, System.nanoTime() + nanos);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            });
            workers.add(t);
            t.start();
        }
        long cpu0 = processCpuNanos();
        double server0 = ProcStat.cpuSeconds(serverPids); // NaN without pids
        long[] window = {System.nanoTime(), 0};
        start.countDown();
        for (Thread t : workers) {
            t.join();
        }
        window[1] = System.nanoTime();
        long cpu = processCpuNanos() - cpu0;
        double server = ProcStat.cpuSeconds(serverPids) - server0;
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Run(counts, samples, window, cpu, server);
    }

    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    private static Result summarize(String mode, String op, int threads, long[] counts, List<long[]> samples,
                                    long[] window, long cpuNanos, double serverCpuSeconds) {
        long total = 0;
        List<Double> micros = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            total += counts[i];
            long[] lat = samples.get(i);
            int n = (int) Math.min(counts[i], lat.length);
            for (int k = 0; k < n; k++) {
                micros.add(lat[k] / 1000.0);
            }
        }
        double secs = (window[1] - window[0]) / 1e9;
        return new Result(mode, op, threads, total, secs, Stats.of(micros), total == 0 ? 0 : cpuNanos / 1e3 / total,
                total == 0 ? Double.NaN : serverCpuSeconds * 1e6 / total, 0);
    }
}
