package io.gwkit.torture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Report lines, the summary line and the JSON report. */
public final class TortureReport {

    private TortureReport() {
    }

    /** {@code <id> <name> <outcome> <offender>; <health>}. */
    public static String line(CaseResult r) {
        return String.format(Locale.ROOT, "%-5s %-30s %-8s %s | %s", r.id(), r.name(), r.outcome().word(),
                r.offender(), r.health());
    }

    public static Map<Outcome, Integer> counts(List<CaseResult> results) {
        Map<Outcome, Integer> n = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            n.put(o, 0);
        }
        results.forEach(r -> n.merge(r.outcome(), 1, Integer::sum));
        return n;
    }

    /** {@code N survived, M degraded, K down}. */
    public static String summary(List<CaseResult> results) {
        Map<Outcome, Integer> n = counts(results);
        return n.get(Outcome.SURVIVED) + " survived, " + n.get(Outcome.DEGRADED) + " degraded, "
                + n.get(Outcome.DOWN) + " down";
    }

    public static void writeJson(Path file, TortureTarget target, List<CaseResult> results) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("register", target.registerHostPort());
        t.put("text", hostPort(target.text()));
        t.put("ws", target.ws() == null ? null : hostPort(target.ws()));
        t.put("inner", hostPort(target.inner()));
        t.put("secret", target.hasSecret());
        root.put("target", t);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (CaseResult r : results) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", r.id());
            c.put("name", r.name());
            c.put("outcome", r.outcome().word());
            c.put("offender", r.offender());
            c.put("health", r.health());
            c.put("millis", r.millis());
            cases.add(c);
        }
        root.put("cases", cases);
        Map<String, Object> summary = new LinkedHashMap<>();
        counts(results).forEach((o, n) -> summary.put(o.word(), n));
        root.put("summary", summary);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    private static String hostPort(java.net.InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
