package io.gwkit.cli;

import io.gwkit.bench.SinkCluster;
import io.gwkit.bench.Stats;
import io.gwkit.client.GatewayClient;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Ipv4;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gw bench sdk}: in one run against the same cluster, PHP-style (a new connection per call) versus
 * the pooled SDK, for sendToClient (fire-and-forget) and isOnline (request/reply), with 1 and N caller
 * threads. Calls go to a client_id that is not connected, so the gateway does the full work of looking
 * it up without pushing bytes to a real client.
 */
@Command(name = "sdk", mixinStandardHelpOptions = true,
        header = "Benchmark the SDK: connection per call (PHP style) vs pooled.")
public final class BenchSdkCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-r", "--register"}, paramLabel = "<host:port>",
            description = "Register address of the cluster under test.")
    List<String> registers = new ArrayList<>();

    @Option(names = "--sink", description = "Benchmark against an in-process Java sink gateway instead of --register"
            + " (measures the client side alone).")
    boolean sink;

    @Option(names = {"-s", "--secret"}, defaultValue = "", paramLabel = "<key>", description = "Secret key.")
    String secret;

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

    private record Result(String mode, String op, int threads, long calls, double seconds, Stats latencyMicros) {
        double rate() {
            return calls / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (sink == !registers.isEmpty()) {
            spec.commandLine().getErr().println("error: give either --register or --sink");
            return Gw.EXIT_USAGE;
        }
        try (SinkCluster cluster = sink ? new SinkCluster() : null) {
            return bench(out, cluster == null ? registers : List.of(cluster.registerAddress()));
        }
    }

    private int bench(PrintWriter out, List<String> registerAddresses) throws Exception {
        GatewayClient.Builder base = GatewayClient.builder().secretKey(secret);
        registerAddresses.forEach(base::registerAddress);
        List<Result> results = new ArrayList<>();
        try (GatewayClient pooled = base.build();
             GatewayClient perCall = pooled.newBuilder().connectionPerCall(true).build()) {
            String target = offlineClientOnFirstGateway(registerAddresses.get(0));
            out.printf("target client_id %s (not connected)%n", target);
            out.printf("%-9s %-26s %7s %12s %10s %10s%n", "mode", "operation", "threads", "calls/s", "p50 µs",
                    "p99 µs");
            out.flush();
            long nanos = (long) (seconds * 1e9);
            for (int t : threads) {
                results.add(print(out, run("per-call", "sendToClient", t, nanos, () -> perCall.sendToClient(target,
                        "x"))));
                results.add(print(out, run("pooled", "sendToClient", t, nanos, () -> pooled.sendToClient(target,
                        "x"))));
                results.add(print(out, runAsync("pooled", "sendToClient async window", t, nanos,
                        () -> pooled.async().sendToClient(target, "x"))));
                results.add(print(out, run("per-call", "isOnline", t, nanos, () -> perCall.isOnline(target))));
                results.add(print(out, run("pooled", "isOnline", t, nanos, () -> pooled.isOnline(target))));
                results.add(print(out, runAsync("pooled", "isOnline async window", t, nanos,
                        () -> pooled.async().isOnline(target))));
            }
        }
        out.println();
        for (int t : threads) {
            for (String op : List.of("sendToClient", "isOnline")) {
                Result a = find(results, "per-call", op, t);
                Result b = find(results, "pooled", op, t);
                Result c = find(results, "pooled", op + " async window", t);
                out.printf(Locale.ROOT, "%-12s %2d threads: pooled/per-call = %.1fx blocking, %.1fx async%n", op, t,
                        b.rate() / a.rate(), c.rate() / a.rate());
            }
        }
        out.flush();
        return Gw.EXIT_OK;
    }

    /** A client_id on the register's first gateway with a connection id no gateway hands out soon. */
    private String offlineClientOnFirstGateway(String register) throws java.io.IOException {
        int colon = register.lastIndexOf(':');
        try (java.net.Socket s = new java.net.Socket(register.substring(0, colon),
                Integer.parseInt(register.substring(colon + 1)))) {
            s.setSoTimeout(5000);
            s.getOutputStream().write((new io.gwkit.protocol.RegisterMessage.WorkerConnect(secret).toLine() + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            io.gwkit.protocol.RegisterMessage m = io.gwkit.protocol.RegisterMessage.parse(line);
            if (!(m instanceof io.gwkit.protocol.RegisterMessage.BroadcastAddresses)
                    || ((io.gwkit.protocol.RegisterMessage.BroadcastAddresses) m).addresses().isEmpty()) {
                throw new IllegalStateException("register " + register + " lists no gateway: " + line);
            }
            String gateway = ((io.gwkit.protocol.RegisterMessage.BroadcastAddresses) m).addresses().get(0);
            int c = gateway.lastIndexOf(':');
            return new ClientId(Ipv4.parse(gateway.substring(0, c)), Integer.parseInt(gateway.substring(c + 1)),
                    0xFFFF_FFF0L).toString();
        }
    }

    private static Result find(List<Result> results, String mode, String op, int threads) {
        return results.stream().filter(r -> r.mode.equals(mode) && r.op.equals(op) && r.threads == threads)
                .findFirst().orElseThrow();
    }

    private static Result print(PrintWriter out, Result r) {
        out.printf(Locale.ROOT, "%-9s %-26s %7d %12.0f %10.1f %10.1f%n", r.mode, r.op, r.threads, r.rate(),
                r.latencyMicros.percentile(50), r.latencyMicros.percentile(99));
        out.flush();
        return r;
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
    private Result run(String mode, String op, int threads, long nanos, Call call) throws Exception {
        return measure(mode, op, threads, nanos, () -> (lat, end) -> {
            long n = 0;
            long now;
            while ((now = System.nanoTime()) < end) {
                call.run();
                lat[(int) (n & (lat.length - 1))] = System.nanoTime() - now;
                n++;
            }
            return n;
        });
    }

    /** Async calls with at most {@code --window} outstanding per thread; latency = call to completion. */
    private Result runAsync(String mode, String op, int threads, long nanos,
                            java.util.function.Supplier<CompletableFuture<?>> call) throws Exception {
        int permits = window;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Result r = measure(mode, op, threads, nanos, () -> (lat, end) -> {
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

    private Result measure(String mode, String op, int threads, long nanos,
                           java.util.function.Supplier<Loop> loops) throws Exception {
        if (warmupSeconds > 0) {
            once(threads, (long) (warmupSeconds * 1e9), loops); // JIT and connections warm, not measured
        }
        return once(threads, nanos, loops).summarize(mode, op, threads);
    }

    private record Run(long[] counts, List<long[]> samples, long[] window) {
        Result summarize(String mode, String op, int threads) {
            return BenchSdkCommand.summarize(mode, op, threads, counts, samples, window);
        }
    }

    private static Run once(int threads, long nanos, java.util.function.Supplier<Loop> loops) throws Exception {
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
        long[] window = {System.nanoTime(), 0};
        start.countDown();
        for (Thread t : workers) {
            t.join();
        }
        window[1] = System.nanoTime();
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Run(counts, samples, window);
    }

    private static Result summarize(String mode, String op, int threads, long[] counts, List<long[]> samples,
                                    long[] window) {
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
        return new Result(mode, op, threads, total, secs, Stats.of(micros));
    }
}
