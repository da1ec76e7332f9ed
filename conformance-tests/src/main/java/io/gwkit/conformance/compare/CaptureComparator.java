package io.gwkit.conformance.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.gwkit.conformance.CallResult;
import io.gwkit.conformance.Capture;
import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.Difference;
import io.gwkit.conformance.Hex;
import io.gwkit.conformance.Link;
import io.gwkit.conformance.Outcome;
import io.gwkit.conformance.wire.FrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Compares a target's recording with a golden capture as docs/CAPTURE-FORMAT.md "Comparing two captures" prescribes:
 * per connection identity (link, server, connecting role, client name, k), the ordered frames of each
 * direction with their steps, after {@link Masks}; result lines by step. Startup frames count only in
 * {@code startup*} scenarios. Only links the target observes are compared.
 */
public final class CaptureComparator {

    /** Length fields follow the content: a differing content field is named in preference to them. */
    private static final Set<String> LENGTH_FIELDS = Set.of("pack_len", "ext_len", "len", "payload_len");

    private final Masks masks;
    private final BiPredicate<Link, String> observed;

    /**
     * @param observed which (link, connecting role) pairs the target let the runner record
     */
    public CaptureComparator(Masks masks, BiPredicate<Link, String> observed) {
        this.masks = masks;
        this.observed = observed;
    }

    /** A comparator of everything, with all masks (1-5). */
    public static CaptureComparator full() {
        return new CaptureComparator(new Masks(true), (l, r) -> true);
    }

    /** The verdict: PASS, DEVIATION or FAIL, with every difference found. */
    public record Comparison(Outcome outcome, List<Difference> differences) {
    }

    public Comparison compare(Capture expected, Capture actual) {
        boolean startup = expected.header().isStartupScenario();
        List<Difference> diffs = new ArrayList<>();
        Map<String, List<CapturedFrame>> exp = byIdentity(expected.frames(), startup);
        Map<String, List<CapturedFrame>> act = byIdentity(actual.frames(), startup);
        Set<String> ids = new LinkedHashSet<>(exp.keySet());
        ids.addAll(act.keySet());
        for (String id : ids) {
            List<CapturedFrame> e = exp.getOrDefault(id, List.of());
            List<CapturedFrame> a = act.getOrDefault(id, List.of());
            compareDirection(id, true, e, a, diffs);
            compareDirection(id, false, e, a, diffs);
        }
        compareResults(expected.results(), actual.results(), diffs);
        diffs.sort(Comparator.comparingInt((Difference d) -> d.step() == null ? -1 : d.step())
                .thenComparingInt(d -> d.captureLine() == 0 ? Integer.MAX_VALUE : d.captureLine()));
        Outcome o = diffs.isEmpty() ? Outcome.PASS
                : diffs.stream().allMatch(Difference::isDeviation) ? Outcome.DEVIATION : Outcome.FAIL;
        return new Comparison(o, diffs);
    }

    /**
     * Groups frames by connection identity {@code link server role client #k}, k counting connections with
     * the same first four values in open order (the capture numbers connections in open order per link).
     */
    private Map<String, List<CapturedFrame>> byIdentity(List<CapturedFrame> frames, boolean startup) {
        Map<String, String> identityOfConn = new HashMap<>();
        Map<String, Integer> counters = new HashMap<>();
        List<CapturedFrame> observedFrames = frames.stream()
                .filter(f -> observed.test(f.link(), f.connectingRole())).toList();
        observedFrames.stream().map(CapturedFrame::conn).distinct()
                .sorted(Comparator.comparing(CaptureComparator::linkOf).thenComparingInt(CaptureComparator::connNumber))
                .forEach(conn -> {
                    CapturedFrame f = observedFrames.stream().filter(x -> x.conn().equals(conn)).findFirst().orElseThrow();
                    String base = f.link().wireName() + " " + f.server() + " " + f.connectingRole()
                            + (f.client() != null ? " " + f.client() : "");
                    int k = counters.merge(base, 1, Integer::sum);
                    identityOfConn.put(conn, base + " #" + k);
                });
        Map<String, List<CapturedFrame>> out = new LinkedHashMap<>();
        for (CapturedFrame f : observedFrames) {
            if ((f.step() == null && !startup) || Masks.isGwkitExtension(f)) {
                continue;
            }
            out.computeIfAbsent(identityOfConn.get(f.conn()), x -> new ArrayList<>()).add(f);
        }
        if (startup) {
            out.values().forEach(CaptureComparator::keepLastStartupBroadcast);
        }
        return out;
    }

    /** mask 4: how many broadcast_addresses a worker gets at startup depends on registration order. */
    private static void keepLastStartupBroadcast(List<CapturedFrame> frames) {
        CapturedFrame last = null;
        for (CapturedFrame f : frames) {
            if (f.step() == null && Masks.isBroadcast(f)) {
                last = f;
            }
        }
        CapturedFrame keep = last;
        frames.removeIf(f -> f.step() == null && Masks.isBroadcast(f) && f != keep);
    }

    private static String linkOf(String conn) {
        int h = conn.indexOf('#');
        return h < 0 ? conn : conn.substring(0, h);
    }

    private static int connNumber(String conn) {
        try {
            return Integer.parseInt(conn.substring(conn.indexOf('#') + 1));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private void compareDirection(String id, boolean fromConnecting, List<CapturedFrame> expAll,
                                  List<CapturedFrame> actAll, List<Difference> diffs) {
        List<CapturedFrame> e = expAll.stream().filter(f -> f.fromConnectingSide() == fromConnecting).toList();
        List<CapturedFrame> a = actAll.stream().filter(f -> f.fromConnectingSide() == fromConnecting).toList();
        if (e.isEmpty() && a.isEmpty()) {
            return;
        }
        CapturedFrame sample = !e.isEmpty() ? e.get(0) : a.get(0);
        String where = id + " " + sample.from() + "->" + sample.to();
        int n = Math.max(e.size(), a.size());
        for (int i = 0; i < n; i++) {
            CapturedFrame x = i < e.size() ? e.get(i) : null;
            CapturedFrame y = i < a.size() ? a.get(i) : null;
            Difference d = compareFrame(where, i + 1, x, y);
            if (d != null) {
                diffs.add(d);
                if (x == null || y == null || !Objects.equals(x.step(), y.step())) {
                    // after a missing, extra or displaced frame every later frame would differ too
                    if (i + 1 < n) {
                        diffs.add(new Difference(d.step(), where, i + 2, 0, "frame count",
                                e.size() + " frames", a.size() + " frames", null, null, null));
                    }
                    return;
                }
            }
        }
    }

    private Difference compareFrame(String where, int index, CapturedFrame x, CapturedFrame y) {
        if (x == null) {
            return new Difference(y.step(), where, index, 0, "frame", null, describe(y), null, Hex.encode(y.bytes()), null);
        }
        if (y == null) {
            return new Difference(x.step(), where, index, x.index(), "frame", describe(x), null, Hex.encode(x.bytes()), null, null);
        }
        if (!Objects.equals(x.step(), y.step())) {
            return new Difference(x.step(), where, index, x.index(), "step",
                    stepName(x.step()) + ": " + describe(x), stepName(y.step()) + ": " + describe(y),
                    Hex.encode(x.bytes()), Hex.encode(y.bytes()), null);
        }
        byte[] mx = masks.apply(x);
        byte[] my = masks.apply(y);
        if (Arrays.equals(mx, my) && x.incomplete() == y.incomplete()) {
            return null;
        }
        JsonNode dx = FrameDecoder.decode(x.kind(), mx);
        JsonNode dy = FrameDecoder.decode(y.kind(), my);
        String field = firstDifferingField(dx, dy);
        String ex = field.equals("bytes") ? describe(x) : render(dx.get(field));
        String ac = field.equals("bytes") ? describe(y) : render(dy.get(field));
        return new Difference(x.step(), where, index, x.index(), field, ex, ac,
                Hex.encode(x.bytes()), Hex.encode(y.bytes()), null);
    }

    private static String firstDifferingField(JsonNode dx, JsonNode dy) {
        if (!dx.path("type").equals(dy.path("type"))) {
            return "type";
        }
        String lengthField = null;
        Set<String> names = new LinkedHashSet<>();
        dx.fieldNames().forEachRemaining(names::add);
        dy.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!Objects.equals(dx.get(name), dy.get(name))) {
                if (LENGTH_FIELDS.contains(name)) {
                    lengthField = lengthField == null ? name : lengthField;
                } else {
                    return name;
                }
            }
        }
        return lengthField != null ? lengthField : "bytes";
    }

    private static String describe(CapturedFrame f) {
        JsonNode d = FrameDecoder.decode(f.kind(), f.bytes());
        if (d.has("cmd_name")) {
            return d.get("cmd_name").asText() + " connection_id=" + d.path("connection_id").asText()
                    + " ext_data=" + render(d.get("ext_data")) + " body=" + render(d.get("body"));
        }
        for (String k : List.of("text", "serialized", "payload", "hex")) {
            if (d.has(k)) {
                return render(d.get(k)) + (f.incomplete() ? " (incomplete)" : "");
            }
        }
        return d.toString();
    }

    private static String render(JsonNode n) {
        if (n == null) {
            return "(absent)";
        }
        return n.isTextual() ? n.asText() : n.toString();
    }

    private static String stepName(Integer step) {
        return step == null ? "startup" : "step " + step;
    }

    private void compareResults(List<CallResult> expected, List<CallResult> actual, List<Difference> diffs) {
        Map<Integer, CallResult> byStep = new LinkedHashMap<>();
        actual.forEach(r -> byStep.put(r.step(), r));
        for (CallResult e : expected) {
            CallResult a = byStep.remove(e.step());
            String where = "result of " + e.method();
            Difference d = null;
            if (a == null) {
                d = new Difference(e.step(), where, 0, e.index(), "result", resultText(e), null, null, null, null);
            } else if (!Arrays.equals(e.resultSerialized(), a.resultSerialized())) {
                d = new Difference(e.step(), where, 0, e.index(), "result_serialized",
                        new String(e.resultSerialized(), StandardCharsets.UTF_8),
                        new String(a.resultSerialized(), StandardCharsets.UTF_8)
                                + (a.exception() != null ? " (exception " + a.exception() + ")" : ""), null, null, null);
            } else if (!Objects.equals(e.result(), a.result())) {
                d = new Difference(e.step(), where, 0, e.index(), "result", render(e.result()), render(a.result()),
                        null, null, null);
            } else if (!Objects.equals(e.exception(), a.exception())) {
                d = new Difference(e.step(), where, 0, e.index(), "exception", e.exception(), a.exception(), null, null, null);
            }
            if (d != null) {
                String reason = Deviations.reasonFor(e.method(), d);
                diffs.add(reason == null ? d : d.asDeviation(reason));
            }
        }
        for (Iterator<CallResult> it = byStep.values().iterator(); it.hasNext(); ) {
            CallResult a = it.next();
            diffs.add(new Difference(a.step(), "result of " + a.method(), 0, 0, "result", null, resultText(a), null, null, null));
        }
    }

    private static String resultText(CallResult r) {
        return new String(r.resultSerialized(), StandardCharsets.UTF_8);
    }
}
