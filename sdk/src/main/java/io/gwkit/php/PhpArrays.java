package io.gwkit.php;

import java.util.Map;

/** PHP array functions the protocol needs. */
public final class PhpArrays {

    private PhpArrays() {
    }

    /**
     * PHP's {@code array_replace_recursive($base, $replacement)}: a new array holding base's entries with
     * replacement's entries written over them, key by key. Where both sides hold an array under the same
     * key the two are merged the same way (so lists merge by index: {@code [1,2,{z}] + [9] = [9,2,{z}]});
     * otherwise the replacement value wins. Existing keys keep their position, new keys are appended.
     * Neither argument is modified.
     */
    public static PhpArray arrayReplaceRecursive(PhpArray base, PhpArray replacement) {
        PhpArray result = base.deepCopy();
        for (Map.Entry<Object, Object> e : replacement.entrySet()) {
            Object key = e.getKey();
            Object value = e.getValue();
            Object existing = result.get(key);
            if (value instanceof PhpArray && existing instanceof PhpArray) {
                result.put(key, arrayReplaceRecursive((PhpArray) existing, (PhpArray) value));
            } else {
                result.put(key, value instanceof PhpArray ? ((PhpArray) value).deepCopy() : value);
            }
        }
        return result;
    }
}
