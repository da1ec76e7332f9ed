package io.gwkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpArrays;
import io.gwkit.php.PhpJson;
import io.gwkit.php.PhpJsonException;
import io.gwkit.php.PhpSerializeException;
import io.gwkit.php.PhpSerializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for PHP values: unserialize (default limits), json_decode (ext_data readers) and the
 * UPDATE_SESSION merge. Only the typed exceptions may escape; round trips must hold. {@code mvn test}
 * replays the corpus in {@code PhpValueFuzzTestInputs/<target>/}; docs/FUZZING.md says how to fuzz.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PhpValueFuzzTest {

    /** json_decode allows 511 nested arrays; serialize must carry them, so read them back that deep. */
    private static final PhpSerializer.Limits JSON_DEEP = new PhpSerializer.Limits(
            PhpSerializer.Limits.MAX_SUPPORTED_DEPTH, PhpSerializer.Limits.DEFAULT.maxElements(),
            PhpSerializer.Limits.DEFAULT.maxStringLength());

    /** Whatever unserializes re-serializes to bytes that unserialize to an equal value. */
    @FuzzTest
    void unserialize(byte[] input) {
        Object value;
        try {
            value = PhpSerializer.unserialize(input);
        } catch (PhpSerializeException refused) {
            return;
        }
        assertSerializeRoundTrip(value, PhpSerializer.Limits.DEFAULT);
    }

    /**
     * json_decode of ext_data: a decoded value serializes and unserializes to an equal value, and
     * json_encode of it is stable (encode, decode, encode gives the same text) — except for -0.0, which
     * json_encode prints as {@code -0} and json_decode reads as int 0, exactly as in PHP. json_encode may
     * refuse only what PHP's refuses of a decoded value: an overflowing number (INF).
     */
    @FuzzTest
    void jsonDecode(byte[] input) {
        Object value;
        try {
            value = PhpJson.decode(input);
        } catch (PhpJsonException refused) {
            return;
        }
        assertSerializeRoundTrip(value, JSON_DEEP);
        String json;
        try {
            json = PhpJson.encode(value);
        } catch (PhpJsonException e) {
            assertTrue(holds(value, Double::isInfinite), "json_encode refused a decoded value: " + e.getMessage());
            return;
        }
        if (!holds(value, d -> d == 0 && 1 / d < 0)) {
            assertEquals(json, PhpJson.encode(PhpJson.decode(json)));
        }
    }

    /**
     * array_replace_recursive on two unserialized arrays. Input: a big-endian u16 length n, then n bytes
     * of the base, then the replacement. Neither argument changes; the result holds base's keys in their
     * order, then replacement's new keys in theirs; every replacement value that does not meet an array on
     * both sides is taken as is; the result round-trips.
     */
    @FuzzTest
    void arrayReplaceRecursive(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int n = Math.min(((input[0] & 0xFF) << 8) | (input[1] & 0xFF), input.length - 2);
        PhpArray base;
        PhpArray replacement;
        try {
            Object b = PhpSerializer.unserialize(Arrays.copyOfRange(input, 2, 2 + n));
            Object r = PhpSerializer.unserialize(Arrays.copyOfRange(input, 2 + n, input.length));
            if (!(b instanceof PhpArray) || !(r instanceof PhpArray)) {
                return;
            }
            base = (PhpArray) b;
            replacement = (PhpArray) r;
        } catch (PhpSerializeException refused) {
            return;
        }
        byte[] baseBefore = PhpSerializer.serialize(base);
        byte[] replacementBefore = PhpSerializer.serialize(replacement);

        PhpArray merged = PhpArrays.arrayReplaceRecursive(base, replacement);

        assertArrayEquals(baseBefore, PhpSerializer.serialize(base), "base was modified");
        assertArrayEquals(replacementBefore, PhpSerializer.serialize(replacement), "replacement was modified");
        List<Object> expectedKeys = new ArrayList<>(base.keySet());
        for (Object k : replacement.keySet()) {
            if (!base.containsKey(k)) {
                expectedKeys.add(k);
            }
        }
        assertEquals(expectedKeys, new ArrayList<>(merged.keySet()));
        for (Map.Entry<Object, Object> e : replacement.entrySet()) {
            boolean bothArrays = e.getValue() instanceof PhpArray && base.get(e.getKey()) instanceof PhpArray;
            if (!bothArrays) {
                assertEquals(e.getValue(), merged.get(e.getKey()));
            }
        }
        assertSerializeRoundTrip(merged, PhpSerializer.Limits.DEFAULT);
    }

    private static void assertSerializeRoundTrip(Object value, PhpSerializer.Limits limits) {
        byte[] bytes = PhpSerializer.serialize(value);
        Object again = PhpSerializer.unserialize(bytes, limits);
        assertEquals(value, again);
        assertArrayEquals(bytes, PhpSerializer.serialize(again), "serialize is not stable (key order?)");
    }

    /** Whether the value is, or holds at any depth, a float matching {@code test}. */
    private static boolean holds(Object value, DoublePredicate test) {
        if (value instanceof Double) {
            return test.test((Double) value);
        }
        if (value instanceof PhpArray) {
            return ((PhpArray) value).values().stream().anyMatch(v -> holds(v, test));
        }
        return false;
    }
}
