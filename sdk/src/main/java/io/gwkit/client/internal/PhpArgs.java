package io.gwkit.client.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.php.PhpValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Argument checks and small PHP array builders shared by the sends and the queries. */
final class PhpArgs {

    static final byte[] EMPTY = new byte[0];
    private static final Logger log = LoggerFactory.getLogger(PhpGatewayApi.class);

    private PhpArgs() {
    }

    static boolean validGroupId(String method, Object group) {
        if (PhpValues.isEmpty(group)) {
            log.warn("{}: group({}) empty", method, group instanceof String ? "'" + group + "'" : group);
            return false;
        }
        return true;
    }

    static void requireArray(String method, int position, Object value) {
        if (!PhpValues.isArray(value)) {
            throw new IllegalArgumentException(method + "(): Argument #" + position + " must be of type array, "
                    + (value == null ? "null" : value.getClass().getSimpleName()) + " given");
        }
    }

    static PhpArray flip(PhpArray values) {
        PhpArray flipped = new PhpArray();
        values.forEach((k, v) -> {
            if (v instanceof String || v instanceof Long || v instanceof PhpBytes) {
                flipped.put(v, k);
            }
        });
        return flipped;
    }

    static PhpArray map(String key, Object value) {
        PhpArray a = new PhpArray();
        a.put(key, value);
        return a;
    }
}
