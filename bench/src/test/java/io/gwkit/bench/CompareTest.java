package io.gwkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("socket")
class CompareTest {

    private static final List<Target> AB = Target.parseAll("A=127.0.0.1:1,B=127.0.0.1:2", "text");

    @Test
    void runsTargetsAlternatelyAndTakesMediansAndRatios() throws Exception {
        List<String> calls = new ArrayList<>();
        // A's msg/s per round: 10, 30, 20 (median 20); B's: 45, 60, 55 (median 55); ratio B/A 2.75
        double[][] rate = {{10, 30, 20}, {45, 60, 55}};
        Compare c = Compare.alternate(AB, 3, (t, round) -> {
            calls.add(t.name() + round);
            int ti = t.name().equals("A") ? 0 : 1;
            return new Figures().put("msg/s", rate[ti][round - 1]).put("clients", 5);
        });
        assertEquals(List.of("A1", "B1", "A2", "B2", "A3", "B3"), calls);
        assertEquals(20.0, c.medians().get("A").get("msg/s"));
        assertEquals(55.0, c.medians().get("B").get("msg/s"));
        assertEquals(2.75, c.ratios().get("B/A").get("msg/s"), 1e-12);
        assertEquals(1.0, c.ratios().get("B/A").get("clients"), 1e-12);
        assertEquals(List.of("msg/s", "clients"), List.copyOf(c.figureNames()));

        StringWriter table = new StringWriter();
        c.printTable(new PrintWriter(table));
        String[] lines = table.toString().split("\n");
        assertEquals(3, lines.length, table.toString());
        assertEquals(List.of("msg/s", "20", "55", "2.75"), List.of(lines[1].trim().split("\\s+")));
    }

    @Test
    void aFailingRunStopsTheComparison() {
        List<String> calls = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> Compare.alternate(AB, 3, (t, round) -> {
            calls.add(t.name() + round);
            if (calls.size() == 3) {
                throw new IllegalStateException("target down");
            }
            return new Figures().put("x", 1);
        }));
        assertEquals(List.of("A1", "B1", "A2"), calls);
    }

    @Test
    void targetsWithSeveralRolesAndDefaults() {
        List<Target> t = Target.parseAll("java=text@127.0.0.1:8282;register@127.0.0.1:1236, php=127.0.0.1:9", "text");
        assertEquals(Map.of("text", "127.0.0.1:8282", "register", "127.0.0.1:1236"), t.get(0).addresses());
        assertEquals("php", t.get(1).name());
        assertEquals("127.0.0.1:9", t.get(1).address("text"));
        assertThrows(IllegalArgumentException.class, () -> t.get(1).address("register"));
        assertThrows(IllegalArgumentException.class, () -> Target.parseAll("A=1:1", "text"));
        assertThrows(IllegalArgumentException.class, () -> Target.parseAll("A=1:1,A=1:2", "text"));
        assertThrows(IllegalArgumentException.class, () -> Target.parseAll("A=1:1,B", "text"));
        assertThrows(IllegalArgumentException.class, () -> Target.parse("A=text@1:1;text@1:2", "text"));
    }
}
