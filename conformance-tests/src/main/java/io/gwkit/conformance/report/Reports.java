package io.gwkit.conformance.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gwkit.conformance.CaptureWriter;
import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.Difference;
import io.gwkit.conformance.Outcome;
import io.gwkit.conformance.ScenarioResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Summary line, JUnit XML, HTML page and the Autobahn-style output directory of a suite run. */
public final class Reports {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {
    }

    public static long count(List<ScenarioResult> results, Outcome... outcomes) {
        return results.stream().filter(r -> List.of(outcomes).contains(r.outcome())).count();
    }

    /** {@code N passed, M failed, D deviations}: ERROR counts as failed. */
    public static String summary(List<ScenarioResult> results) {
        long d = count(results, Outcome.DEVIATION);
        return count(results, Outcome.PASS) + " passed, " + count(results, Outcome.FAIL, Outcome.ERROR) + " failed, "
                + d + (d == 1 ? " deviation" : " deviations");
    }

    public static void writeJUnit(List<ScenarioResult> results, String target, Path file) throws IOException {
        createParent(file);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            double total = results.stream().mapToDouble(r -> r.duration().toMillis() / 1000.0).sum();
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            w.write(String.format(Locale.ROOT,
                    "<testsuite name=\"gw conformance\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"0\" time=\"%.3f\">\n",
                    results.size(), count(results, Outcome.FAIL), count(results, Outcome.ERROR), total));
            w.write("  <properties><property name=\"target\" value=\"" + xml(target) + "\"/></properties>\n");
            for (ScenarioResult r : results) {
                w.write(String.format(Locale.ROOT, "  <testcase classname=\"gw.conformance\" name=\"%s\" time=\"%.3f\"",
                        xml(r.scenario()), r.duration().toMillis() / 1000.0));
                switch (r.outcome()) {
                    case PASS:
                        w.write("/>\n");
                        break;
                    case DEVIATION:
                        w.write(">\n    <system-out>" + xml("DEVIATION (documented):\n" + details(r)) + "</system-out>\n  </testcase>\n");
                        break;
                    case ERROR:
                        w.write(">\n    <error message=\"" + xml(r.error()) + "\"/>\n  </testcase>\n");
                        break;
                    case FAIL:
                    default:
                        w.write(">\n    <failure message=\"" + xml(r.firstDifference().summary()) + "\">"
                                + xml(details(r)) + "</failure>\n  </testcase>\n");
                        break;
                }
            }
            w.write("</testsuite>\n");
        }
    }

    /** Every difference of a scenario as plain text, one block each. */
    public static String details(ScenarioResult r) {
        StringBuilder sb = new StringBuilder();
        for (Difference d : r.differences()) {
            sb.append(d.isDeviation() ? "[deviation] " : "").append(d.summary()).append('\n');
            if (d.isDeviation()) {
                sb.append("  reason:   ").append(d.deviation()).append('\n');
            }
            sb.append("  expected: ").append(d.expected() == null ? "(nothing)" : d.expected()).append('\n');
            sb.append("  actual:   ").append(d.actual() == null ? "(nothing)" : d.actual()).append('\n');
            if (d.expectedHex() != null) {
                sb.append("  expected hex: ").append(abbreviateHex(d.expectedHex())).append('\n');
            }
            if (d.actualHex() != null) {
                sb.append("  actual hex:   ").append(abbreviateHex(d.actualHex())).append('\n');
            }
        }
        return sb.toString();
    }

    static String abbreviateHex(String hex) {
        return hex.length() > 512 ? hex.substring(0, 512) + "... (" + hex.length() / 2 + " bytes)" : hex;
    }

    public static void writeHtml(List<ScenarioResult> results, String target, Path file) throws IOException {
        createParent(file);
        Files.writeString(file, HtmlReport.render(results, target, summary(results)), StandardCharsets.UTF_8);
    }

    /**
     * Autobahn-style output: {@code index.json} (scenario → outcome, duration, difference count), each
     * scenario's recording as gwcap ({@code <scenario>.actual.gwcap.jsonl}) and a hex wire log
     * ({@code <scenario>.wirelog.txt}).
     */
    public static void writeOutDir(List<ScenarioResult> results, String target, Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode index = JSON.createObjectNode();
        index.put("target", target);
        index.put("summary", summary(results));
        ObjectNode cases = index.putObject("scenarios");
        for (ScenarioResult r : results) {
            ObjectNode c = cases.putObject(r.scenario());
            c.put("behavior", r.outcome().name());
            c.put("duration_ms", r.duration().toMillis());
            c.put("differences", r.differences().stream().filter(d -> !d.isDeviation()).count());
            c.put("deviations", r.differences().stream().filter(Difference::isDeviation).count());
            if (r.error() != null) {
                c.put("error", r.error());
            }
            ArrayNode first = c.putArray("first_differences");
            r.differences().stream().limit(5).forEach(d -> first.add(d.summary()));
            if (r.actual() != null) {
                CaptureWriter.write(r.actual(), dir.resolve(r.scenario() + ".actual.gwcap.jsonl"));
                c.put("recording", r.scenario() + ".actual.gwcap.jsonl");
                Files.writeString(dir.resolve(r.scenario() + ".wirelog.txt"), wireLog(r), StandardCharsets.UTF_8);
                c.put("wirelog", r.scenario() + ".wirelog.txt");
            }
        }
        JSON.writeValue(dir.resolve("index.json").toFile(), index);
    }

    /** One line per recorded frame: step, connection, direction, length, hex. */
    static String wireLog(ScenarioResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(r.scenario()).append(": ").append(r.outcome()).append('\n');
        for (CapturedFrame f : CaptureWriter.normalize(r.actual()).frames()) {
            sb.append(String.format(Locale.ROOT, "%4d step %-7s %-10s %-15s %s->%s%s %6d  %s%n", f.index(),
                    f.step() == null ? "startup" : f.step().toString(), f.conn(), f.server(), f.from(), f.to(),
                    f.client() == null ? "" : "(" + f.client() + ")", f.bytes().length,
                    io.gwkit.conformance.Hex.encode(f.bytes())));
        }
        return sb.toString();
    }

    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&apos;"); break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        sb.append("\\u").append(String.format("%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
