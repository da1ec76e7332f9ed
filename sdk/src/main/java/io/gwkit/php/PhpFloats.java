package io.gwkit.php;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles printed as PHP 8 prints them with {@code serialize_precision = -1} (serialize, json_encode,
 * var_export): the shortest digit string that reads back as the same double, laid out like
 * {@code zend_gcvt} with 17 digits: plain notation from {@code 0.0001} up to {@code 10000000000000000}
 * (1e16), exponential otherwise ({@code 1.0E-5}, {@code 1.0E+17}, {@code 1.5E-7}); integral values without
 * {@code .0}; negative zero as {@code -0}.
 */
final class PhpFloats {

    /** zend_gcvt's digit budget for serialize_precision -1: beyond it, exponential notation. */
    private static final int PLAIN_MAX_DECIMAL_POINT = 17;
    private static final RoundingMode[] DIRECTED = {RoundingMode.FLOOR, RoundingMode.CEILING};

    private PhpFloats() {
    }

    /**
     * Formats a double; {@code expChar} is 'E' for serialize and 'e' for json_encode. INF, -INF and NAN
     * are spelled as serialize writes them (json_encode refuses them before calling this).
     */
    static String format(double value, char expChar) {
        if (Double.isNaN(value)) {
            return "NAN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "INF" : "-INF";
        }
        if (value == 0) {
            return (Double.doubleToRawLongBits(value) < 0) ? "-0" : "0";
        }
        BigDecimal shortest = shortestRoundTrip(Math.abs(value)).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int decpt = digits.length() - shortest.scale(); // value = 0.digits * 10^decpt
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (value < 0) {
            out.append('-');
        }
        if (decpt < 0 ? decpt < -3 : decpt > PLAIN_MAX_DECIMAL_POINT) {
            int exp = decpt - 1;
            out.append(digits.charAt(0)).append('.');
            out.append(digits.length() == 1 ? "0" : digits.substring(1));
            out.append(expChar).append(exp < 0 ? '-' : '+').append(Math.abs(exp));
        } else if (decpt <= 0) {
            out.append("0.");
            for (int i = decpt; i < 0; i++) {
                out.append('0');
            }
            out.append(digits);
        } else if (digits.length() <= decpt) {
            out.append(digits);
            for (int i = digits.length(); i < decpt; i++) {
                out.append('0');
            }
        } else {
            out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
        }
        return out.toString();
    }

    /**
     * The shortest decimal that parses back to {@code positive}, the nearest one when several have that
     * length (what dtoa mode 0 returns). BigDecimal(double) is exact and doubleValue() correctly rounded,
     * so the check is exact; JDK 17's Double.toString is not always shortest, hence this.
     */
    private static BigDecimal shortestRoundTrip(double positive) {
        BigDecimal exact = new BigDecimal(positive);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (nearest.doubleValue() == positive) {
                return nearest;
            }
            // Next to a power of two the round-trip interval is lopsided: the nearest candidate can miss
            // while the one on the other side still reads back.
            for (RoundingMode mode : DIRECTED) {
                BigDecimal candidate = exact.round(new MathContext(precision, mode));
                if (candidate.doubleValue() == positive) {
                    return candidate;
                }
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
}
