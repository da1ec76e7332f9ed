package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gwkit.php.PhpArray;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The gateway converts scalar bodies with the SDK's PHP rules (once its own float formatting had drifted). */
class PhpValuesTest {

    @Test
    void scalarBodiesConvertAsPhpsStringCast() {
        // php -r 'echo 0.1+0.2, " ", 1e20, " ", 1e14, " ", 1e-5, " ", 2.5, " ", -0.0, " ", true;'
        // prints: 0.3 1.0E+20 1.0E+14 1.0E-5 2.5 -0 1
        assertBytes("0.3", PhpValues.scalarBytes(0.1 + 0.2));
        assertBytes("1.0E+20", PhpValues.scalarBytes(1e20));
        assertBytes("1.0E+14", PhpValues.scalarBytes(1e14));
        assertBytes("1.0E-5", PhpValues.scalarBytes(1e-5));
        assertBytes("2.5", PhpValues.scalarBytes(2.5));
        assertBytes("-0", PhpValues.scalarBytes(-0.0));
        assertBytes("1", PhpValues.scalarBytes(true));
        assertBytes("", PhpValues.scalarBytes(false));
        assertBytes("", PhpValues.scalarBytes(null));
        assertBytes("42", PhpValues.scalarBytes(42L));
    }

    @Test
    void anArrayBodyIsHostile() {
        assertThrows(PhpValues.HostileValueException.class, () -> PhpValues.scalarBytes(new PhpArray()));
    }

    private static void assertBytes(String expected, byte[] actual) {
        assertArrayEquals(expected.getBytes(StandardCharsets.US_ASCII), actual, expected);
    }
}
