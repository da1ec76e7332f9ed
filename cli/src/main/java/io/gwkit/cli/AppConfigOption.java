package io.gwkit.cli;

import io.gwkit.worker.AppConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --app-config FILE} option (a picocli mixin): the application's own settings, which handlers read from
 * {@code WorkerContext.config()} ({@link AppConfig}), each overridable by an environment variable.
 */
final class AppConfigOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--app-config", paramLabel = "<file>",
            description = "Your handler's settings: a .properties file, or YAML (.yaml/.yml; nested keys joined with "
                    + "'.'); read by the handler from WorkerContext.config(), where the environment variable named "
                    + "after a key (db.url: DB_URL) overrides it.")
    Path file;

    /** The configuration: the file's entries (none without --app-config) under the process environment. */
    AppConfig load() {
        if (file == null) {
            return AppConfig.fromEnvironment();
        }
        Map<String, String> entries = new TreeMap<>();
        String name = file.getFileName().toString();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
                if (root != null && !(root instanceof Map)) {
                    throw error("is not a YAML mapping");
                }
                flatten("", root == null ? Map.of() : (Map<?, ?>) root, entries);
            } else {
                Properties p = new Properties();
                p.load(in);
                p.stringPropertyNames().forEach(k -> entries.put(k, p.getProperty(k)));
            }
        } catch (IOException | IllegalArgumentException | YAMLException e) {
            throw error("cannot be read: " + e.getMessage());
        }
        return AppConfig.of(entries, System.getenv());
    }

    private void flatten(String prefix, Map<?, ?> map, Map<String, String> into) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                flatten(key + ".", m, into);
            } else if (v instanceof List<?> list) {
                into.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
            } else {
                into.put(key, v == null ? "" : String.valueOf(v));
            }
        }
    }

    private ParameterException error(String problem) {
        return new ParameterException(spec.commandLine(), "--app-config " + file + " " + problem);
    }
}
