package io.gwkit.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one place where settings from outside the command line become a role's options: a {@code --config} YAML file
 * and environment overrides. Each setting is turned into the option it names ({@code inner-port: 2900} is
 * {@code --inner-port 2900}) and appended to the arguments, unless the command line gives that option itself; so
 * picocli converts and checks every value as if typed, and the commands need no code of their own.
 *
 * <p>Precedence: command line, then environment ({@code GW_<ROLE>_<KEY>}, e.g. {@code GW_GATEWAY_LAN_IP}, and
 * {@code GW_SECRET} / {@code GW_SECRET_FILE} for every role's {@code --secret}), then the file. In the file, a
 * section named after the role ({@code gateway:}) holds its keys; a file with no role sections is one role's keys.
 * {@code secret-file: PATH} reads the secret from a file (trailing newline dropped), so it appears neither in
 * the file nor in {@code ps}. An unknown key, a list for a single-valued option or a value of the wrong type is
 * rejected at start with a message naming the file and the key.
 */
final class ConfigFile {

    /** Sections a file may have: the node roles and the commands that ask a register (status, connections, call). */
    static final Set<String> ROLES = Set.of("start", "register", "gateway", "worker", "http", "status",
            "connections", "call");
    private static final String SECRET_FILE = "secret-file";

    /** Where an added option came from ("FILE: gateway.inner-port", "environment GW_..."), and its first value. */
    record Origin(String where, String value) {
    }

    /** The arguments to parse, and where each added option came from (for error messages). */
    record Expansion(String[] args, Map<String, Origin> origins) {

        /** {@code e} with the origin of its option or value in front of its message, when it came from here. */
        ParameterException explain(ParameterException e) {
            Origin origin = e.getArgSpec() instanceof OptionSpec o ? origins.get(o.longestName()) : null;
            if (origin == null) { // a check inside the command: the option whose value its message quotes
                for (Origin candidate : origins.values()) {
                    if (!candidate.value().isEmpty() && String.valueOf(e.getMessage()).contains(candidate.value())) {
                        origin = candidate;
                    }
                }
            }
            return origin == null ? e
                    : new ParameterException(e.getCommandLine(), origin.where() + ": " + e.getMessage(), e);
        }
    }

    private ConfigFile() {
    }

    /** Expands {@code args} of {@code root} (a {@code gw} command line) with the config file and environment. */
    static Expansion expand(CommandLine root, String[] args, Map<String, String> env) {
        if (args.length == 0 || !ROLES.contains(args[0]) || root.getSubcommands().get(args[0]) == null) {
            return new Expansion(args, new LinkedHashMap<>());
        }
        String role = args[0];
        CommandLine sub = root.getSubcommands().get(role);
        String file = optionValue(args, "--config");
        Map<String, Setting> settings = file == null ? new LinkedHashMap<>()
                : settings(sub, file + ": " + role, readSection(sub, role, Path.of(file)));
        return withOptions(sub, args, settings, env);
    }

    /**
     * The arguments of one node of a cluster layout: {@code role} with {@code keys} (checked as a section of that
     * role, {@code where} naming it in messages) and the environment, as {@link #expand} does for a file.
     */
    static Expansion node(CommandLine root, String role, String where, Map<?, ?> keys, Map<String, String> env) {
        CommandLine sub = root.getSubcommands().get(role);
        return withOptions(sub, new String[] {role}, settings(sub, where, keys), env);
    }

    /** Adds environment overrides and the secret to {@code settings}, then appends what args do not give. */
    private static Expansion withOptions(CommandLine sub, String[] args, Map<String, Setting> settings,
                                         Map<String, String> env) {
        CommandSpec spec = sub.getCommandSpec();
        String role = spec.name();
        for (OptionSpec o : spec.options()) {
            String key = key(o);
            String name = "GW_" + role.toUpperCase(Locale.ROOT) + "_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
            if (env.get(name) != null) {
                settings.put(key, new Setting(List.of(env.get(name)), "environment " + name));
            }
        }
        if (spec.findOption("--secret") != null) {
            if (env.get("GW_SECRET_FILE") != null) {
                settings.put(SECRET_FILE, new Setting(List.of(env.get("GW_SECRET_FILE")), "environment GW_SECRET_FILE"));
            }
            if (env.get("GW_SECRET") != null) {
                settings.remove(SECRET_FILE);
                settings.put("secret", new Setting(List.of(env.get("GW_SECRET")), "environment GW_SECRET"));
            }
            Setting secretFile = settings.remove(SECRET_FILE);
            if (secretFile != null) {
                settings.put("secret", new Setting(List.of(readSecret(sub, secretFile)), secretFile.origin()));
            }
        }
        Set<String> given = givenOptions(spec, args);
        String secretFileArg = optionValue(args, "--secret-file");
        if (secretFileArg != null) { // the command line's own secret file: first in precedence, like any option
            if (given.contains("--secret")) {
                throw new ParameterException(sub, "--secret and --secret-file: give one of them");
            }
            settings.put("secret", new Setting(List.of(readSecret(sub, new Setting(List.of(secretFileArg),
                    "--secret-file"))), "--secret-file"));
        }
        List<String> added = new ArrayList<>();
        Map<String, Origin> origins = new LinkedHashMap<>();
        settings.forEach((key, setting) -> {
            OptionSpec o = spec.findOption("--" + key);
            if (o == null || given.contains(o.longestName())) {
                return;
            }
            boolean flag = o.arity().max() == 0;
            if (!o.isMultiValue() && setting.values().size() > 1) {
                throw new ParameterException(sub, setting.origin() + ": takes one value, got a list");
            }
            for (String v : setting.values()) {
                if (flag) {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new ParameterException(sub, setting.origin() + ": expected true or false, got " + v);
                    }
                    if (v.equals("true")) {
                        added.add(o.longestName());
                    }
                } else {
                    added.add(o.longestName());
                    added.add(v);
                }
            }
            // the secret's value is never quoted back in a message
            origins.put(o.longestName(), new Origin(setting.origin(), key.equals("secret") ? ""
                    : setting.values().get(0)));
        });
        // before an end-of-options "--" (gw call's arguments may follow it), else at the end
        List<String> expanded = new ArrayList<>(Arrays.asList(args));
        int endOfOptions = expanded.indexOf("--");
        expanded.addAll(endOfOptions < 0 ? expanded.size() : endOfOptions, added);
        return new Expansion(expanded.toArray(new String[0]), origins);
    }

    /** A section's keys, each checked against the role's options, as settings named {@code where.key}. */
    private static Map<String, Setting> settings(CommandLine sub, String where, Map<?, ?> keys) {
        Set<String> known = knownKeys(sub.getCommandSpec());
        Map<String, Setting> settings = new LinkedHashMap<>();
        keys.forEach((k, v) -> {
            String origin = where + "." + k;
            if (!known.contains(String.valueOf(k))) {
                throw new ParameterException(sub, origin + ": unknown key; " + sub.getCommandSpec().name()
                        + " takes " + String.join(", ", new TreeSet<>(known)));
            }
            settings.put(String.valueOf(k), new Setting(values(sub, origin, v), origin));
        });
        return settings;
    }

    private record Setting(List<String> values, String origin) {
    }

    /** The value of {@code NAME VALUE} or {@code NAME=VALUE} in {@code args}, or null. */
    private static String optionValue(String[] args, String name) {
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return null;
    }

    /** The role's section of the file (empty when it has none). */
    private static Map<?, ?> readSection(CommandLine sub, String role, Path file) {
        Object root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException | YAMLException e) {
            throw new ParameterException(sub, "cannot read config " + file + ": " + e.getMessage());
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new ParameterException(sub, "config " + file + ": expected a mapping of keys at the top");
        }
        boolean sectioned = top.keySet().stream().anyMatch(k -> ROLES.contains(String.valueOf(k))
                || "cluster".equals(String.valueOf(k)));
        Object section = sectioned ? top.get(role) : top;
        if (section == null) {
            return Map.of();
        }
        if (!(section instanceof Map<?, ?> keys)) {
            throw new ParameterException(sub, "config " + file + ": " + role + ": expected a mapping of keys");
        }
        return keys;
    }

    /** Option names without dashes, except --config itself and help; plus secret-file where --secret exists. */
    static Set<String> knownKeys(CommandSpec spec) {
        Set<String> known = new HashSet<>();
        for (OptionSpec o : spec.options()) {
            if (!o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--config")
                    && !o.longestName().equals("--secret-file")) {
                known.add(key(o));
            }
        }
        if (known.contains("secret")) {
            known.add(SECRET_FILE);
        }
        return known;
    }

    private static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    /** A scalar or a list of scalars, as option values. */
    private static List<String> values(CommandLine sub, String origin, Object value) {
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object item : list) {
                out.add(scalar(sub, origin, item));
            }
            return out;
        }
        return List.of(scalar(sub, origin, value));
    }

    private static String scalar(CommandLine sub, String origin, Object value) {
        if (value == null || value instanceof Map || value instanceof List) {
            throw new ParameterException(sub, origin + ": expected a value or a list of values");
        }
        return String.valueOf(value);
    }

    private static String readSecret(CommandLine sub, Setting secretFile) {
        Path path = Path.of(secretFile.values().get(0));
        try {
            String s = Files.readString(path, StandardCharsets.UTF_8);
            return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (IOException e) {
            throw new ParameterException(sub, secretFile.origin() + ": cannot read secret file " + path + ": " + e);
        }
    }

    /** Long names of the options {@code args} give (as {@code --x v}, {@code --x=v} or a short alias). */
    private static Set<String> givenOptions(CommandSpec spec, String[] args) {
        Set<String> given = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("-")) {
                int eq = a.indexOf('=');
                OptionSpec o = spec.findOption(eq > 0 ? a.substring(0, eq) : a);
                if (o != null) {
                    given.add(o.longestName());
                }
            }
        }
        return given;
    }
}
