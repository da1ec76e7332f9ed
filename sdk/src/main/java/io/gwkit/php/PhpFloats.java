package io.gwkit.php;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles printed as PHP 8 prints them with {@code serialize_precision = -1} (serialize, json_encode): the
 * shortest digit string that reads back as the same double, laid out like {@code zend_gcvt} with 17 digits:
 * plain notation from {@code 0.0001} to below {@code 1.0E+17} (decimal exponent -4..16), exponential
 * otherwise ({@code 1.0E-5}, {@code 1.0E+17}, {@code 1.5E-7}); integral values without {@code .0};
 * negative zero as {@code -0}.
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
     * so the checks are exact. JDK 17's Double.toString always reads back but is not always shortest: it
     * gives an upper bound, shortened while a shorter length still reads back.
     */
    private static BigDecimal shortestRoundTrip(double positive) {
        BigDecimal approx = new BigDecimal(Double.toString(positive));
        int precision = approx.doubleValue() == positive ? approx.stripTrailingZeros().precision() : 17;
        // Lengths that read back are upward closed, and the rounding interval is convex: if some shorter
        // string reads back, the one just below or just above approx does.
        while (precision > 1 && (readsBack(approx, precision - 1, RoundingMode.FLOOR, positive)
                || readsBack(approx, precision - 1, RoundingMode.CEILING, positive))) {
            precision--;
        }
        if (approx.doubleValue() == positive) {
            BigDecimal digits = approx.stripTrailingZeros();
            if (digits.precision() == precision && isOnlyCandidate(digits, positive)) {
                return digits; // the common case, without the exact expansion of the double
            }
        }
        BigDecimal exact = new BigDecimal(positive);
        BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
        if (nearest.doubleValue() == positive) {
            return nearest;
        }
        // Next to a power of two the interval is lopsided: the nearest candidate can miss while the one on
        // the other side still reads back.
        for (RoundingMode mode : DIRECTED) {
            BigDecimal candidate = exact.round(new MathContext(precision, mode));
            if (candidate.doubleValue() == positive) {
                return candidate;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }

    /** Whether neither neighbour of {@code digits} at the same length reads back, making it the nearest. */
    private static boolean isOnlyCandidate(BigDecimal digits, double positive) {
        long unscaled = digits.unscaledValue().longValueExact();
        return new BigDecimal(BigInteger.valueOf(unscaled - 1), digits.scale()).doubleValue() != positive
                && new BigDecimal(BigInteger.valueOf(unscaled + 1), digits.scale()).doubleValue() != positive;
    }

    private static boolean readsBack(BigDecimal approx, int precision, RoundingMode mode, double positive) {
        return approx.round(new MathContext(precision, mode)).doubleValue() == positive;
    }
}
