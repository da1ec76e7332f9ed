package io.gwkit.bench;

import java.util.Arrays;
import java.util.List;

/** A growable array of long samples, written by one thread (a client's event loop). */
final class LongSamples {
    private long[] values = new long[64];
    private int size;

    void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    /** Stats over every sample of every list, divided by {@code divisor} (e.g. 1e6 for ns → ms). */
    static Stats stats(List<LongSamples> all, double divisor) {
        int n = all.stream().mapToInt(LongSamples::size).sum();
        double[] v = new double[n];
        int i = 0;
        for (LongSamples s : all) {
            synchronized (s) {
                for (int k = 0; k < s.size; k++) {
                    v[i++] = s.values[k] / divisor;
                }
            }
        }
        return Stats.of(i == n ? v : Arrays.copyOf(v, i));
    }
}
