package io.gwkit.gateway.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.php.PhpStrings;
import java.nio.charset.StandardCharsets;

/** Small PHP-semantics helpers for values that arrive from untrusted peers. */
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

    /** PHP's string conversion of a scalar body ({@code (string)$v}); arrays are refused. */
    static byte[] scalarBytes(Object value) {
        if (value == null) {
            return new byte[0];
        }
        if (value instanceof String || value instanceof PhpBytes) {
            return PhpBytes.bytesOf(value);
        }
        if (value instanceof Boolean) {
            return ((Boolean) value) ? new byte[] {'1'} : new byte[0];
        }
        if (value instanceof Long) {
            return value.toString().getBytes(StandardCharsets.US_ASCII);
        }
        if (value instanceof Double) {
            double d = (Double) value;
            String s = d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
                    ? Long.toString((long) d) : Double.toString(d);
            return s.getBytes(StandardCharsets.US_ASCII);
        }
        throw new HostileValueException("a " + value.getClass().getSimpleName() + " where a string body belongs");
    }

    /** A request value PHP would choke on (fatal error there); we drop the one request instead. */
    static final class HostileValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HostileValueException(String message) {
            super(message);
        }
    }
}
