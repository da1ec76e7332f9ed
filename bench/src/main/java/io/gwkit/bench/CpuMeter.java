package io.gwkit.bench;

import java.lang.management.ManagementFactory;

/**
 * This process's CPU use over a window, to show the load generator is not the bottleneck: 100 = one core
 * busy all the time.
 */
public final class CpuMeter {

    private final long cpuStart = cpuNanos();
    private final long wallStart = System.nanoTime();

    public double percentOfOneCore() {
        long wall = System.nanoTime() - wallStart;
        long cpu = cpuNanos() - cpuStart;
        return cpu < 0 || wall <= 0 ? Double.NaN : 100.0 * cpu / wall;
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
