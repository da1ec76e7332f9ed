package io.gwkit.php;

/**
 * JSON exactly as PHP's {@code json_encode} prints it with default flags, and {@code json_decode($s, true)}.
 *
 * <p>Encoding: compact; {@code /} as {@code \/}; every non-ASCII character as lowercase {@code \}{@code uXXXX}
 * (surrogate pairs above U+FFFF); an array with keys 0..n-1 (a List or a {@link PhpArray#isList()} map)
 * is a JSON list, any other map an object; empty array {@code []}.
 * Decoding: objects and lists become {@link PhpArray} (keys normalised), numbers Long or Double.
 */
public final class PhpJson {

    /** json_decode's default depth limit. */
    public static final int DEFAULT_MAX_DEPTH = 512;

    private PhpJson() {
    }

    public static String encode(Object value) {
        throw new UnsupportedOperationException("TODO");
    }

    public static Object decode(String json) {
        throw new UnsupportedOperationException("TODO");
    }
}
