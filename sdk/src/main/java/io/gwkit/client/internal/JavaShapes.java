package io.gwkit.client.internal;

import io.gwkit.php.PhpValues;
import io.gwkit.php.PhpArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Converts the PHP values the API returns into the typed Java shapes of the public methods. */
public final class JavaShapes {

    private JavaShapes() {
    }

    private static PhpArray array(Object v) {
        return v instanceof PhpArray ? (PhpArray) v : new PhpArray();
    }

    public static String string(Object v) {
        return v == null ? null : PhpValues.toPhpString(v);
    }

    public static List<String> stringList(Object v) {
        List<String> out = new ArrayList<>();
        array(v).values().forEach(x -> out.add(string(x)));
        return Collections.unmodifiableList(out);
    }

    /** The keys of a PHP array keyed by the ids it lists (client_id => client_id, uid => uid). */
    public static Set<String> keySet(Object v) {
        Set<String> out = new LinkedHashSet<>();
        array(v).keySet().forEach(k -> out.add(string(k)));
        return Collections.unmodifiableSet(out);
    }

    public static <T> Map<String, T> map(Object v, Function<Object, T> values) {
        Map<String, T> out = new LinkedHashMap<>();
        array(v).forEach((k, x) -> out.put(string(k), values.apply(x)));
        return Collections.unmodifiableMap(out);
    }

    public static long integer(Object v) {
        return PhpValues.toInt(v);
    }

    /** A session: string keys, PHP values (nested arrays stay {@link PhpArray}s). Not an array: empty. */
    public static Map<String, Object> session(Object v) {
        Map<String, Object> out = new LinkedHashMap<>();
        array(v).forEach((k, x) -> out.put(string(k), x));
        return out;
    }

    /** Void for a send; PHP's {@code false} (empty group id) becomes an exception in the typed API. */
    public static Void requireGroupAccepted(Object phpResult) {
        if (Boolean.FALSE.equals(phpResult)) {
            throw new IllegalArgumentException("group id is empty");
        }
        return null;
    }
}
