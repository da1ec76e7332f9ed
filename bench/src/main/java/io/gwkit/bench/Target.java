package io.gwkit.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster under test, named for {@code --compare}: its addresses by role. Written {@code NAME=H:P} (one
 * address, of the bench's default role) or {@code NAME=role@H:P;role@H:P} (e.g.
 * {@code java=text@127.0.0.1:8282;register@127.0.0.1:1236}); targets are separated by commas.
 */
public record Target(String name, Map<String, String> addresses) {

    public Target {
        addresses = Map.copyOf(addresses);
    }

    /** The address of {@code role}; fails naming the target and the role if it was not given. */
    public String address(String role) {
        String a = addresses.get(role);
        if (a == null) {
            throw new IllegalArgumentException("target " + name + " has no " + role + " address (write "
                    + name + "=" + role + "@HOST:PORT;…)");
        }
        return a;
    }

    public static List<Target> parseAll(String spec, String defaultRole) {
        List<Target> targets = new ArrayList<>();
        for (String part : spec.split(",")) {
            if (!part.isBlank()) {
                targets.add(parse(part.trim(), defaultRole));
            }
        }
        if (targets.size() < 2) {
            throw new IllegalArgumentException("--compare needs at least two targets NAME=…, got \"" + spec + "\"");
        }
        if (targets.stream().map(Target::name).distinct().count() != targets.size()) {
            throw new IllegalArgumentException("--compare target names repeat: \"" + spec + "\"");
        }
        return targets;
    }

    public static Target parse(String spec, String defaultRole) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("expected NAME=ADDRESS, got \"" + spec + "\"");
        }
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String a : spec.substring(eq + 1).split(";")) {
            int at = a.indexOf('@');
            String role = at < 0 ? defaultRole : a.substring(0, at).trim();
            String address = a.substring(at + 1).trim();
            if (role.isEmpty() || address.isEmpty() || addresses.put(role, address) != null) {
                throw new IllegalArgumentException("bad or repeated address \"" + a + "\" in \"" + spec + "\"");
            }
        }
        return new Target(spec.substring(0, eq).trim(), addresses);
    }
}
