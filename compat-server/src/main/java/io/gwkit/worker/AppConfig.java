package io.gwkit.worker;

import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The application's configuration as a handler reads it from {@link WorkerContext#config()}: the entries of
 * {@code gw worker --app-config FILE} (a {@code .properties} file, or YAML whose nested keys are joined with '.':
 * {@code db: {url: x}} is {@code db.url}), each overridden by the environment variable named after its key in
 * upper case with every character other than a letter or digit as '_' ({@code db.url} → {@code DB_URL}).
 * A key missing from the file is still read from the environment. Immutable.
 */
public final class AppConfig {

    private static final AppConfig EMPTY = new AppConfig(Map.of(), Map.of());

    private final Map<String, String> entries;
    private final Map<String, String> environment;

    private AppConfig(Map<String, String> entries, Map<String, String> environment) {
        this.entries = new TreeMap<>(entries);
        this.environment = Map.copyOf(environment);
    }

    /** Configuration from {@code entries} (the file's), overridden by {@code environment} (usually System.getenv()). */
    public static AppConfig of(Map<String, String> entries, Map<String, String> environment) {
        return new AppConfig(entries, environment);
    }

    /** No file; the process environment only. */
    public static AppConfig fromEnvironment() {
        return new AppConfig(Map.of(), System.getenv());
    }

    /** Empty: no entries and no environment (tests, embedded workers that pass none). */
    public static AppConfig empty() {
        return EMPTY;
    }

    /** The value of {@code key}: its environment variable when set, else the file's entry, else null. */
    public String get(String key) {
        String env = environment.get(envName(key));
        return env != null ? env : entries.get(key);
    }

    /** The value of {@code key}, or {@code fallback} when it has none. */
    public String get(String key, String fallback) {
        String v = get(key);
        return v != null ? v : fallback;
    }

    /**
     * The value of {@code key}, which must be set.
     *
     * @throws NoSuchElementException naming the key and its environment variable when neither sets it
     */
    public String require(String key) {
        String v = get(key);
        if (v == null) {
            throw new NoSuchElementException("configuration " + key + " is not set (--app-config file or environment "
                    + envName(key) + ")");
        }
        return v;
    }

    /** The value of {@code key} as an int, or {@code fallback} when it has none; a non-number throws. */
    public int getInt(String key, int fallback) {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration " + key + " is not an integer: " + v);
        }
    }

    /** The file's entries (without the environment), sorted by key; read-only. */
    public Map<String, String> entries() {
        return java.util.Collections.unmodifiableMap(entries);
    }

    /** The environment variable that overrides {@code key}: {@code db.url} → {@code DB_URL}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    @Override
    public String toString() { // keys only: values may be secrets
        return "AppConfig" + entries.keySet();
    }
}
