package io.gwkit.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Summary statistics of a sample, computed from the sorted values. Percentiles use the nearest-rank
 * method: p-th percentile = the smallest value such that at least p% of the sample is {@literal <=} it.
 */
public final class Stats {

    private final double[] sorted;

    private Stats(double[] sorted) {
        this.sorted = sorted;
    }

    public static Stats of(double... values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return new Stats(copy);
    }

    public static Stats of(long... values) {
        return of(Arrays.stream(values).asDoubleStream().toArray());
    }

    public static Stats of(List<? extends Number> values) {
        return of(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    public int count() {
        return sorted.length;
    }

    /** Nearest-rank percentile, {@code p} in (0, 100]; NaN for an empty sample. */
    public double percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        // the epsilon keeps 99.9% of 1000 at rank 999 despite binary rounding (999.0000000000001)
        int rank = (int) Math.ceil(p * sorted.length / 100.0 - 1e-9);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The middle value; the mean of the two middle values for an even count. */
    public double median() {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    public double min() {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    public double mean() {
        return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).sum() / sorted.length;
    }

    /**
     * The ratio of two targets' medians, B/A, as reported by {@code --compare}: each round of an
     * alternating A B A B run gives one figure per target, and the medians damp the machine's noise.
     */
    public static double medianRatio(List<? extends Number> a, List<? extends Number> b) {
        double ma = of(a).median();
        double mb = of(b).median();
        return mb / ma;
    }
}
