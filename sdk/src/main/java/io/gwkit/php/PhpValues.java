package io.gwkit.php;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.php.PhpStrings;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * PHP's scalar rules, in one place for the SDK and the servers: {@code empty()}, {@code is_scalar()}, string
 * conversion (floats with PHP's {@code precision=14}) and int conversion. Wire bytes depend on them ({@code sendToUid(42)} vs {@code sendToUid("42")}, a uid
 * {@code "0"} that PHP drops because it is "empty").
 */
public final class PhpValues {

    private static final MathContext PHP_PRECISION = new MathContext(14, RoundingMode.HALF_EVEN);

    private PhpValues() {
    }

    /**
     * Converts Java values to PHP values: Integer/Short/Byte to Long, Float to Double, byte[] to a PHP
     * string, any List/Collection/array/Map to a {@link PhpArray}, recursively. PHP values pass through.
     */
    public static Object normalize(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Boolean || v instanceof Double
                || v instanceof PhpBytes) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float) {
            return ((Float) v).doubleValue();
        }
        if (v instanceof byte[]) {
            return PhpStrings.fromBytes((byte[]) v);
        }
        if (v instanceof CharSequence) {
            return v.toString();
        }
        if (v instanceof PhpArray) {
            PhpArray src = (PhpArray) v;
            PhpArray out = new PhpArray();
            src.forEach((k, x) -> out.put(k, normalize(x)));
            return out;
        }
        if (v instanceof Map) {
            PhpArray out = new PhpArray();
            ((Map<?, ?>) v).forEach((k, x) -> out.put(k, normalize(x)));
            return out;
        }
        if (v instanceof Collection) {
            PhpArray out = new PhpArray();
            for (Object x : (Collection<?>) v) {
                out.append(normalize(x));
            }
            return out;
        }
        if (v instanceof Object[]) {
            PhpArray out = new PhpArray();
            for (Object x : (Object[]) v) {
                out.append(normalize(x));
            }
            return out;
        }
        throw new IllegalArgumentException("not a PHP value: " + v.getClass().getName());
    }

    /** PHP {@code empty()}: null, false, 0, 0.0, "", "0" and the empty array. */
    public static boolean isEmpty(Object v) {
        if (v == null) {
            return true;
        }
        if (v instanceof Boolean) {
            return !(Boolean) v;
        }
        if (v instanceof Long) {
            return (Long) v == 0L;
        }
        if (v instanceof Double) {
            return (Double) v == 0.0;
        }
        if (v instanceof String) {
            String s = (String) v;
            return s.isEmpty() || s.equals("0");
        }
        if (v instanceof PhpBytes) {
            byte[] b = ((PhpBytes) v).bytes();
            return b.length == 0 || (b.length == 1 && b[0] == '0');
        }
        if (v instanceof Map) {
            return ((Map<?, ?>) v).isEmpty();
        }
        return false;
    }

    /** PHP {@code is_scalar()}. */
    public static boolean isScalar(Object v) {
        return v instanceof String || v instanceof PhpBytes || v instanceof Long || v instanceof Double
                || v instanceof Boolean;
    }

    /** PHP {@code is_array()}. */
    public static boolean isArray(Object v) {
        return v instanceof PhpArray;
    }

    /** The bytes PHP's string conversion gives for a scalar or null (what {@code pack}/{@code .} write). */
    public static byte[] stringBytes(Object v, String what) {
        if (v == null) {
            return new byte[0];
        }
        if (v instanceof String || v instanceof PhpBytes) {
            return PhpBytes.bytesOf(v);
        }
        if (v instanceof Long) {
            return v.toString().getBytes(StandardCharsets.US_ASCII);
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? new byte[] {'1'} : new byte[0];
        }
        if (v instanceof Double) {
            return floatToString((Double) v).getBytes(StandardCharsets.US_ASCII);
        }
        throw new IllegalArgumentException(what + " must be a string or a number, got an array");
    }

    /** PHP's string conversion of a value, for keys and display. */
    public static String toPhpString(Object v) {
        return v instanceof String ? (String) v : new String(stringBytes(v, "value"), StandardCharsets.UTF_8);
    }

    /** PHP {@code (int)} of a reply value. */
    public static long toInt(Object v) {
        if (v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? 1 : 0;
        }
        if (v instanceof Double) {
            double d = (Double) v;
            return Double.isFinite(d) ? (long) d : 0;
        }
        if (v instanceof Map) {
            return ((Map<?, ?>) v).isEmpty() ? 0 : 1;
        }
        if (v instanceof String || v instanceof PhpBytes) {
            String s = toPhpString(v).strip();
            int end = 0;
            if (end < s.length() && (s.charAt(end) == '-' || s.charAt(end) == '+')) {
                end++;
            }
            while (end < s.length() && Character.isDigit(s.charAt(end))) {
                end++;
            }
            try {
                return Long.parseLong(s.substring(0, end));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** PHP 8's string conversion of a float ({@code precision=14}): {@code 0.1}, {@code 100}, {@code 1.0E+25}. */
    public static String floatToString(double d) {
        if (Double.isNaN(d)) {
            return "NAN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "INF" : "-INF";
        }
        if (d == 0.0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(PHP_PRECISION).stripTrailingZeros();
        String digits = rounded.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - rounded.scale();
        String sign = rounded.signum() < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 14) {
            String mantissa = digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0");
            return sign + mantissa + "E" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
        }
        return rounded.toPlainString();
    }
}
