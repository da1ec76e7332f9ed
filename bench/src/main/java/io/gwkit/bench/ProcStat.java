package io.gwkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What /proc says about the processes under test. CPU time per message is the figure that survives a shared,
 * loaded machine: throughput there depends on the scheduler's share, CPU spent per message does not.
 */
public final class ProcStat {

    /** Linux's USER_HZ: /proc/PID/stat counts CPU time in 1/100 s on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** The summed user+system CPU seconds of {@code pids}; NaN if the list is empty. */
    public static double cpuSeconds(List<Long> pids) throws IOException {
        if (pids.isEmpty()) {
            return Double.NaN;
        }
        double total = 0;
        for (long pid : pids) {
            total += parseCpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        }
        return total / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of every thread of {@code pids}, summed by thread name with numbers replaced by "N"
     * (e.g. {@code nioEventLoopGroup-N-N}, {@code gateway-text-state}): shows which role spends the CPU.
     * Threads that ended are missing, so take differences only of names present in both samples.
     */
    public static java.util.Map<String, Double> cpuSecondsByThread(List<Long> pids) throws IOException {
        java.util.Map<String, Double> byName = new java.util.TreeMap<>();
        for (long pid : pids) {
            Path tasks = Path.of("/proc", Long.toString(pid), "task");
            List<Path> threads;
            try (java.util.stream.Stream<Path> list = Files.list(tasks)) {
                threads = list.toList();
            }
            for (Path t : threads) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                byName.merge(name, parseCpuTicks(stat) / TICKS_PER_SECOND, Double::sum);
            }
        }
        return byName;
    }

    /** Adds "{@code prefix} @ thread" = CPU µs per unit for each thread name that spent CPU between the samples. */
    static void putPerThread(Figures f, String prefix, java.util.Map<String, Double> before,
                             java.util.Map<String, Double> after, double units) {
        after.forEach((name, seconds) -> {
            double spent = seconds - before.getOrDefault(name, 0.0);
            if (spent > 0) {
                f.put(prefix + " @ " + name, 1e6 * spent / units);
            }
        });
    }

    /** The summed system (kernel) CPU seconds of {@code pids}: syscalls and the loopback TCP work they do. */
    public static double systemCpuSeconds(List<Long> pids) throws IOException {
        double total = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            total += Long.parseLong(f[12]);
        }
        return total / TICKS_PER_SECOND;
    }

    /** utime + stime (fields 14 and 15) of a /proc/PID/stat line; the name in parentheses may hold spaces. */
    static long parseCpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state): utime is field 14 → f[11], stime field 15 → f[12]
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** VmRSS of a process, in KiB, from /proc/PID/status. */
    public static double rssKib(long pid) throws IOException {
        return parseVmRssKib(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    }

    static double parseVmRssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Double.parseDouble(parts[0]);
            }
        }
        throw new IllegalArgumentException("no VmRSS line in /proc status");
    }

    /**
     * Live heap of a JVM, in KiB, after a full GC, asked through {@code jcmd} (the attach API: no JMX port
     * needed, but the same user and a JDK on the PATH).
     */
    public static double jvmLiveHeapKib(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        return parseHeapUsedKib(jcmd(pid, "GC.heap_info"));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out.trim());
        }
        return out;
    }

    /** Sums "total NK, used MK" of every heap space GC.heap_info lists (not Metaspace, which has no total). */
    static double parseHeapUsedKib(String heapInfo) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(heapInfo);
        double used = 0;
        boolean found = false;
        while (m.find()) {
            used += Double.parseDouble(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalArgumentException("no heap usage in GC.heap_info output: " + heapInfo);
        }
        return used;
    }

    /** "123+456" → [123, 456]: the processes of one target (e.g. a PHP gateway and its worker). */
    public static List<Long> parsePids(String spec) {
        if (spec == null || spec.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(spec.split("[+,]")).map(String::trim).map(Long::valueOf).toList();
    }
}
