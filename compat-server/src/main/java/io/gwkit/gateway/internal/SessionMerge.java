package io.gwkit.gateway.internal;

import io.gwkit.php.PhpArray;
import java.util.Map;

/**
 * PHP's {@code array_replace_recursive} for UPDATE_SESSION. Stand-in until the protocol core's
 * {@code io.gwkit.php.PhpArrays} lands; then this delegates there.
 */
final class SessionMerge {

    private SessionMerge() {
    }

    static PhpArray arrayReplaceRecursive(PhpArray base, PhpArray replacement) {
        PhpArray result = base.deepCopy();
        for (Map.Entry<Object, Object> e : replacement.entrySet()) {
            Object current = result.get(e.getKey());
            if (current instanceof PhpArray && e.getValue() instanceof PhpArray) {
                result.put(e.getKey(), arrayReplaceRecursive((PhpArray) current, (PhpArray) e.getValue()));
            } else {
                result.put(e.getKey(), e.getValue() instanceof PhpArray ? ((PhpArray) e.getValue()).deepCopy()
                        : e.getValue());
            }
        }
        return result;
    }
}
