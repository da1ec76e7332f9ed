package io.gwkit.gateway.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpStrings;

/**
 * The gateway's view of PHP values that arrive from untrusted peers: where PHP would fail (a fatal error) this
 * throws {@link HostileValueException}, so the one request is dropped. The PHP rules themselves live in
 * {@link io.gwkit.php.PhpValues} and {@link PhpArray}.
 */
final class PhpValues {

    private PhpValues() {
    }

    /** A PHP string for raw bytes: String when valid UTF-8, PhpBytes otherwise. */
    static Object string(byte[] bytes) {
        return PhpStrings.fromBytes(bytes);
    }

    /** PHP's {@code empty()} of a string: "" and "0" are empty. */
    static boolean emptyString(byte[] bytes) {
        return bytes.length == 0 || (bytes.length == 1 && bytes[0] == '0');
    }

    /**
     * The array key PHP uses for {@code $a[$value]}; throws {@link HostileValueException} where PHP would
     * throw "Illegal offset type" (arrays).
     */
    static Object key(Object value) {
        if (value instanceof PhpArray) {
            throw new HostileValueException("an array where a scalar key belongs");
        }
        try {
            return PhpArray.normalizeKey(value);
        } catch (IllegalArgumentException e) {
            throw new HostileValueException(e.getMessage());
        }
    }

    /**
     * PHP's string conversion of a scalar body ({@code (string)$v}, {@link io.gwkit.php.PhpValues#stringBytes}:
     * floats as PHP prints them); arrays are refused.
     */
    static byte[] scalarBytes(Object value) {
        if (value != null && !io.gwkit.php.PhpValues.isScalar(value)) {
            throw new HostileValueException("a " + value.getClass().getSimpleName() + " where a string body belongs");
        }
        return io.gwkit.php.PhpValues.stringBytes(value, "body");
    }

    /** A request value PHP would choke on (fatal error there); we drop the one request instead. */
    static final class HostileValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HostileValueException(String message) {
            super(message);
        }
    }
}
