package io.gwkit.torture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Every case, in run order, and selection by pattern. */
public final class Catalog {

    /** Group names by the first component of a case id. */
    public static final Map<String, String> GROUPS = Map.of(
            "1", "inner port", "2", "poisoned values", "3", "register", "4", "text listener", "5", "websocket listener");

    private Catalog() {
    }

    /** Fresh case instances (cases with a preparation keep per-run state). */
    public static List<TortureCase> all() {
        List<TortureCase> all = new ArrayList<>();
        all.addAll(InnerPortCases.all());
        all.addAll(PoisonedValueCases.all());
        all.addAll(RegisterCases.all());
        all.addAll(TextListenerCases.all());
        all.addAll(WebSocketCases.all());
        return all;
    }

    /**
     * The cases matching {@code pattern}: comma-separated globs ({@code *} any text) over ids and names; a glob
     * starting with {@code -} excludes. Null, empty or only exclusions start from every case.
     */
    public static List<TortureCase> select(List<TortureCase> cases, String pattern) {
        List<Pattern> include = new ArrayList<>();
        List<Pattern> exclude = new ArrayList<>();
        if (pattern != null) {
            for (String p : pattern.split(",")) {
                String t = p.trim();
                if (t.startsWith("-")) {
                    exclude.add(glob(t.substring(1)));
                } else if (!t.isEmpty()) {
                    include.add(glob(t));
                }
            }
        }
        List<TortureCase> selected = new ArrayList<>();
        for (TortureCase c : cases) {
            boolean in = include.isEmpty() || include.stream().anyMatch(g -> matches(g, c));
            if (in && exclude.stream().noneMatch(g -> matches(g, c))) {
                selected.add(c);
            }
        }
        return selected;
    }

    private static boolean matches(Pattern glob, TortureCase c) {
        return glob.matcher(c.id()).matches() || glob.matcher(c.name()).matches();
    }

    private static Pattern glob(String glob) {
        List<String> parts = new ArrayList<>();
        for (String part : glob.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", parts));
    }
}
