package io.gwkit.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs one bench against several targets alternately (A B A B …) so that the machine's drifting load hits
 * every target alike, and reduces each figure to its median per target and the ratio of the others to the
 * first ({@link Stats#medianRatio}).
 */
public final class Compare {

    /** One bench run. */
    public interface Bench {
        Figures run(Target target, int round) throws Exception;
    }

    public record Run(String target, int round, Figures figures) {
    }

    private final List<Target> targets;
    private final List<Run> runs = new ArrayList<>();

    private Compare(List<Target> targets) {
        this.targets = List.copyOf(targets);
    }

    /** Runs {@code rounds} rounds, each over the targets in order. */
    public static Compare alternate(List<Target> targets, int rounds, Bench bench) throws Exception {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1: " + rounds);
        }
        Compare c = new Compare(targets);
        for (int r = 1; r <= rounds; r++) {
            for (Target t : targets) {
                c.runs.add(new Run(t.name(), r, bench.run(t, r)));
            }
        }
        return c;
    }

    public List<Run> runs() {
        return List.copyOf(runs);
    }

    /** Every figure's name, in first-reported order. */
    public Set<String> figureNames() {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> names.addAll(r.figures.asMap().keySet()));
        return names;
    }

    public List<Double> values(String target, String figure) {
        List<Double> v = new ArrayList<>();
        for (Run r : runs) {
            Double x = r.target.equals(target) ? r.figures.asMap().get(figure) : null;
            if (x != null) {
                v.add(x);
            }
        }
        return v;
    }

    /** target → figure → median over rounds. */
    public Map<String, Map<String, Double>> medians() {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        for (Target t : targets) {
            Map<String, Double> per = new LinkedHashMap<>();
            for (String f : figureNames()) {
                per.put(f, Stats.of(values(t.name(), f)).median());
            }
            m.put(t.name(), per);
        }
        return m;
    }

    /** "B/A" → figure → ratio of medians, for each target after the first. */
    public Map<String, Map<String, Double>> ratios() {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        String a = targets.get(0).name();
        for (Target t : targets.subList(1, targets.size())) {
            Map<String, Double> per = new LinkedHashMap<>();
            for (String f : figureNames()) {
                per.put(f, Stats.medianRatio(values(a, f), values(t.name(), f)));
            }
            m.put(t.name() + "/" + a, per);
        }
        return m;
    }

    public void printTable(PrintWriter out) {
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-24s", "figure (median of rounds)"));
        for (Target t : targets) {
            head.append(String.format(Locale.ROOT, " %14s", t.name()));
        }
        Map<String, Map<String, Double>> ratios = ratios();
        for (String r : ratios.keySet()) {
            head.append(String.format(Locale.ROOT, " %10s", r));
        }
        out.println(head);
        Map<String, Map<String, Double>> medians = medians();
        for (String f : figureNames()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-24s", f));
            for (Target t : targets) {
                line.append(String.format(Locale.ROOT, " %14s", Report.format(medians.get(t.name()).get(f))));
            }
            for (Map<String, Double> per : ratios.values()) {
                line.append(String.format(Locale.ROOT, " %10.2f", per.get(f)));
            }
            out.println(line);
        }
        out.flush();
    }
}
