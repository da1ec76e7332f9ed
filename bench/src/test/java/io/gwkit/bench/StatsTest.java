package io.gwkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void nearestRankPercentiles() {
        Stats s = Stats.of(15, 20, 35, 40, 50);
        assertEquals(20, s.percentile(30));
        assertEquals(20, s.percentile(40));
        assertEquals(35, s.percentile(50));
        assertEquals(50, s.percentile(100));
        assertEquals(15, s.percentile(0.1));
    }

    @Test
    void percentilesOfOneToThousand() {
        long[] v = new long[1000];
        for (int i = 0; i < v.length; i++) {
            v[v.length - 1 - i] = i + 1; // unsorted input on purpose
        }
        Stats s = Stats.of(v);
        assertEquals(500, s.percentile(50));
        assertEquals(990, s.percentile(99));
        assertEquals(999, s.percentile(99.9));
        assertEquals(1, s.min());
        assertEquals(1000, s.max());
        assertEquals(500.5, s.mean());
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3, Stats.of(5, 1, 3).median());
        assertEquals(2.5, Stats.of(4, 1, 3, 2).median());
        assertTrue(Double.isNaN(Stats.of(new double[0]).median()));
    }

    @Test
    void ratioIsOfMediansNotMeans() {
        // one outlier round for B must not move the ratio
        double r = Stats.medianRatio(List.of(100, 110, 90), List.of(300, 330, 5000));
        assertEquals(3.3, r, 1e-9);
    }

    @Test
    void rejectsOutOfRangePercentile() {
        assertThrows(IllegalArgumentException.class, () -> Stats.of(1, 2).percentile(0));
        assertThrows(IllegalArgumentException.class, () -> Stats.of(1, 2).percentile(101));
    }
}
