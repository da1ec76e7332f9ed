package io.gwkit.php;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A PHP string that is not valid UTF-8. PHP strings are byte strings; the decoder gives a
 * {@link String} for valid UTF-8 and this for anything else, so every value re-encodes to the bytes
 * it came from. Equality is by content, so it works as an array key.
 */
public final class PhpBytes implements Comparable<PhpBytes> {
    private final byte[] bytes;

    public PhpBytes(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The bytes of any PHP string value: a String is UTF-8 encoded, a PhpBytes gives its bytes, byte[] as is. */
    public static byte[] bytesOf(Object phpString) {
        if (phpString instanceof String) {
            return ((String) phpString).getBytes(StandardCharsets.UTF_8);
        }
        if (phpString instanceof PhpBytes) {
            return ((PhpBytes) phpString).bytes.clone();
        }
        if (phpString instanceof byte[]) {
            return (byte[]) phpString;
        }
        throw new IllegalArgumentException("not a PHP string: " + (phpString == null ? "null" : phpString.getClass()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhpBytes && Arrays.equals(bytes, ((PhpBytes) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(PhpBytes o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** Lossy, for logs only. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
