package io.gwkit.conformance.report;

import io.gwkit.conformance.Difference;
import io.gwkit.conformance.ScenarioResult;
import io.gwkit.conformance.Step;
import java.util.List;
import java.util.Locale;

/** A self-contained HTML page: a summary table, then every scenario with its steps and differences. */
final class HtmlReport {

    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em;color:#222;max-width:1400px}",
            "h1{font-size:1.6em;margin-bottom:.2em} .meta{color:#666;margin-bottom:1.5em}",
            "table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em} th,td{border:1px solid #ddd;padding:4px 8px;"
                    + "text-align:left;vertical-align:top;font-size:.9em}",
            "th{background:#f4f4f4} .o{font-weight:bold;text-align:center;width:7em;color:#fff}",
            ".PASS{background:#2e7d32} .FAIL{background:#c62828} .ERROR{background:#6a1b9a} .DEVIATION{background:#ef6c00}",
            ".summary{font-size:1.2em;margin:1em 0} .sc{border:1px solid #ddd;border-radius:6px;padding:.5em 1em;margin:1em 0}",
            ".sc h2{font-size:1.15em;margin:.3em 0} code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}",
            "pre{white-space:pre-wrap;word-break:break-all;margin:0} .exp{background:#e8f5e9} .act{background:#ffebee}",
            ".reason{color:#ef6c00} ol.steps{columns:2;font-size:.85em;color:#444} details{margin:.3em 0}",
            "a{color:#1565c0;text-decoration:none}");

    private HtmlReport() {
    }

    static String render(List<ScenarioResult> results, String target, String summary) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>gw conformance report</title>")
                .append("<style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>GatewayWorker conformance report</h1>\n<div class=\"meta\">Target: ").append(esc(target)).append("</div>\n");
        h.append("<div class=\"summary\"><b>").append(esc(summary)).append("</b></div>\n");
        h.append("<table><tr><th>Scenario</th><th>Outcome</th><th>First difference</th><th>Time</th></tr>\n");
        for (ScenarioResult r : results) {
            Difference d = r.firstDifference();
            h.append("<tr><td><a href=\"#").append(esc(r.scenario())).append("\">").append(esc(r.scenario())).append("</a></td>")
                    .append("<td class=\"o ").append(r.outcome()).append("\">").append(r.outcome()).append("</td><td>")
                    .append(r.error() != null ? esc(r.error()) : d == null ? "" : esc(d.summary()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.1f s", r.duration().toMillis() / 1000.0))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (ScenarioResult r : results) {
            h.append("<div class=\"sc\" id=\"").append(esc(r.scenario())).append("\"><h2><span class=\"o ")
                    .append(r.outcome()).append("\" style=\"padding:0 .5em\">").append(r.outcome()).append("</span> ")
                    .append(esc(r.scenario())).append("</h2>\n");
            if (r.description() != null && !r.description().isEmpty()) {
                h.append("<p>").append(esc(r.description())).append("</p>\n");
            }
            if (r.expected() != null) {
                h.append("<details><summary>Steps</summary><ol class=\"steps\" start=\"0\">");
                for (Step s : r.expected().header().steps()) {
                    h.append("<li><code>").append(esc(s.describe())).append("</code></li>");
                }
                h.append("</ol></details>\n");
            }
            if (r.error() != null) {
                h.append("<p><b>Error:</b> ").append(esc(r.error())).append("</p>\n");
            }
            if (!r.differences().isEmpty()) {
                h.append("<table><tr><th>Step</th><th>Where</th><th>Frame</th><th>Field</th><th>Expected (capture)</th>"
                        + "<th>Actual (target)</th></tr>\n");
                for (Difference d : r.differences()) {
                    h.append("<tr><td>").append(d.step() == null ? "startup" : d.step()).append("</td><td><code>")
                            .append(esc(d.where())).append("</code>");
                    if (d.isDeviation()) {
                        h.append("<div class=\"reason\">Documented deviation: ").append(esc(d.deviation())).append("</div>");
                    }
                    h.append("</td><td>").append(d.frameIndex() > 0 ? String.valueOf(d.frameIndex()) : "")
                            .append(d.captureLine() > 0 ? " <small>(line " + d.captureLine() + ")</small>" : "")
                            .append("</td><td><code>").append(esc(d.field())).append("</code></td>")
                            .append(cell("exp", d.expected(), d.expectedHex()))
                            .append(cell("act", d.actual(), d.actualHex())).append("</tr>\n");
                }
                h.append("</table>\n");
            }
            h.append("</div>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String cell(String cls, String value, String hex) {
        StringBuilder c = new StringBuilder("<td class=\"").append(cls).append("\"><pre>")
                .append(value == null ? "<i>(nothing)</i>" : esc(abbreviate(value))).append("</pre>");
        if (hex != null) {
            c.append("<details><summary>hex</summary><pre>").append(esc(Reports.abbreviateHex(hex))).append("</pre></details>");
        }
        return c.append("</td>").toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "... (" + s.length() + " characters)" : s;
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
