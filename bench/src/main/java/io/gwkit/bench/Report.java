package io.gwkit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A bench's final table on stdout and its {@code --json} file. */
public final class Report {

    private Report() {
    }

    /** Numbers as a human reads them: integers without decimals, small values with three significant places. */
    public static String format(Double v) {
        if (v == null || v.isNaN()) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1000 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    public static void printFigures(PrintWriter out, String target, Figures figures) {
        out.printf(Locale.ROOT, "%-24s %14s%n", "figure", target);
        figures.asMap().forEach((k, v) -> out.printf(Locale.ROOT, "%-24s %14s%n", k, format(v)));
        out.flush();
    }

    /** Writes {bench, parameters, runs[{target, round, figures}], medians?, ratios?} to {@code file}. */
    public static void writeJson(Path file, String bench, Map<String, ?> parameters, Compare compare,
                                 String singleTarget, Figures single) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("bench", bench);
        root.put("parameters", parameters);
        List<Map<String, Object>> runs = new ArrayList<>();
        if (compare != null) {
            for (Compare.Run r : compare.runs()) {
                runs.add(run(r.target(), r.round(), r.figures()));
            }
            root.put("runs", runs);
            root.put("medians", compare.medians());
            root.put("ratios", compare.ratios());
        } else {
            runs.add(run(singleTarget, 1, single));
            root.put("runs", runs);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    private static Map<String, Object> run(String target, int round, Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("round", round);
        Map<String, Object> values = new LinkedHashMap<>();
        f.asMap().forEach((k, v) -> values.put(k, v.isNaN() || v.isInfinite() ? null : v));
        m.put("figures", values);
        return m;
    }
}
