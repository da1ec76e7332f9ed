package io.gwkit.php;

/**
 * PHP {@code serialize()} / {@code unserialize()} for the value subset on the GatewayWorker wire:
 * null, bool, int (64-bit), float, byte strings and ordered arrays.
 *
 * <p>Decoded values: null, Boolean, Long, Double, String (valid UTF-8), {@link PhpBytes} (other bytes),
 * {@link PhpArray}. Encoding accepts those plus Integer/Short/Byte, Float, byte[], any Map (keys
 * normalised as PHP does) and any List/array of values.
 */
public final class PhpSerializer {

    /** Decoder limits. Exceeding one gives a {@link PhpSerializeException} naming it. */
    public record Limits(int maxDepth, int maxElements, int maxStringLength) {
        public static final Limits DEFAULT = new Limits(64, 1_000_000, 64 * 1024 * 1024);
    }

    private PhpSerializer() {
    }

    public static byte[] serialize(Object value) {
        throw new UnsupportedOperationException("TODO");
    }

    public static Object unserialize(byte[] data) {
        return unserialize(data, Limits.DEFAULT);
    }

    public static Object unserialize(byte[] data, Limits limits) {
        throw new UnsupportedOperationException("TODO");
    }
}
