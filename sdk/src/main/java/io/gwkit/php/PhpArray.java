package io.gwkit.php;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A PHP array: an ordered map whose keys are {@link Long} or {@link String} (or {@link PhpBytes}).
 *
 * <p>Keys are normalised the way PHP does on every write and look-up: a string that is a canonical
 * decimal integer ({@code "123"}, {@code "-5"}, not {@code "0123"}, not out of 64-bit range) becomes
 * a Long; Integer/Short/Byte become Long; booleans become 0/1; null becomes {@code ""}. Insertion
 * order is kept, and {@link #append} uses PHP's next free index (PHP 8.2 rules).
 *
 * <p>Values are PHP values: null, Boolean, Long, Double, String, PhpBytes or PhpArray.
 */
public final class PhpArray extends AbstractMap<Object, Object> {

    private final LinkedHashMap<Object, Object> entries = new LinkedHashMap<>();
    private long nextIndex;

    public PhpArray() {
    }

    /** A PHP list ([0 => a, 1 => b, ...]) of the given values. */
    public static PhpArray listOf(Object... values) {
        PhpArray a = new PhpArray();
        for (Object v : values) {
            a.append(v);
        }
        return a;
    }

    /** Copies a Java map, normalising its keys. Nested maps/lists are not converted. */
    public static PhpArray of(Map<?, ?> map) {
        PhpArray a = new PhpArray();
        map.forEach(a::put);
        return a;
    }

    /** Normalises a key as PHP does for {@code $a[$key]}. */
    public static Object normalizeKey(Object key) {
        if (key instanceof Long) {
            return key;
        }
        if (key instanceof Integer || key instanceof Short || key instanceof Byte) {
            return ((Number) key).longValue();
        }
        if (key instanceof String) {
            Long asInt = canonicalInt((String) key);
            return asInt != null ? asInt : key;
        }
        if (key == null) {
            return "";
        }
        if (key instanceof Boolean) {
            return ((Boolean) key) ? 1L : 0L;
        }
        if (key instanceof Double || key instanceof Float) {
            return (long) ((Number) key).doubleValue();
        }
        if (key instanceof PhpBytes) {
            return key;
        }
        throw new IllegalArgumentException("illegal PHP array key type: " + key.getClass().getName());
    }

    /**
     * The integer a string key turns into, or null when PHP keeps it a string: optional '-', no
     * leading zeros (except "0" itself), no "-0", within 64-bit range.
     */
    public static Long canonicalInt(String s) {
        int n = s.length();
        if (n == 0 || n > 20) {
            return null;
        }
        int i = 0;
        boolean negative = s.charAt(0) == '-';
        if (negative) {
            i = 1;
            if (n == 1) {
                return null;
            }
        }
        char first = s.charAt(i);
        if (first == '0' && (n - i > 1 || negative)) {
            return null;
        }
        for (int j = i; j < n; j++) {
            char c = s.charAt(j);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }

    @Override
    public Object put(Object key, Object value) {
        Object k = normalizeKey(key);
        if (k instanceof Long) {
            long idx = (Long) k;
            if (idx >= nextIndex) {
                nextIndex = idx == Long.MAX_VALUE ? idx : idx + 1;
            }
        }
        return entries.put(k, value);
    }

    /** {@code $a[] = value}. */
    public PhpArray append(Object value) {
        put(nextIndex, value);
        return this;
    }

    @Override
    public Object get(Object key) {
        return entries.get(normalizeKey(key));
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(normalizeKey(key));
    }

    @Override
    public Object remove(Object key) {
        return entries.remove(normalizeKey(key));
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public void clear() {
        entries.clear();
        nextIndex = 0;
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
        return entries.entrySet();
    }

    /** True when the keys are exactly 0..n-1 in order: json_encode prints such an array as a JSON list. */
    public boolean isList() {
        long expected = 0;
        for (Object k : entries.keySet()) {
            if (!(k instanceof Long) || (Long) k != expected) {
                return false;
            }
            expected++;
        }
        return true;
    }

    /** A deep copy (nested PhpArrays copied too); PHP arrays are values. */
    public PhpArray deepCopy() {
        PhpArray copy = new PhpArray();
        entries.forEach((k, v) -> copy.entries.put(k, v instanceof PhpArray ? ((PhpArray) v).deepCopy() : v));
        copy.nextIndex = nextIndex;
        return copy;
    }
}
