package io.gwkit.php;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Float text checked against vectors printed by php 8.2 (src/test/resources/php/floats.txt). */
class PhpFloatsTest {

    @Test
    void matchesPhpSerializeAndJsonEncodeForEveryVector() throws IOException {
        int checked = 0;
        for (String[] f : PhpVectors.read("/php/floats.txt")) {
            double d = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
            assertEquals(f[1], PhpFloats.format(d, 'E'), () -> "serialize of bits " + f[0]);
            if (f[2].isEmpty()) { // json_encode returned false: INF
                assertThrows(PhpJsonException.class, () -> PhpJson.encode(d));
            } else {
                assertEquals(f[2], PhpJson.encode(d), () -> "json_encode of bits " + f[0]);
            }
            assertEquals("d:" + f[1] + ";", PhpSerializer.serializeToString(d));
            Object back = PhpSerializer.unserialize(("d:" + f[1] + ";").getBytes(StandardCharsets.US_ASCII));
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) back), f[0]);
            checked++;
        }
        assertTrue(checked > 7000, "vectors checked: " + checked);
    }

    @Test
    void documentedExamples() {
        assertEquals("d:1;", PhpSerializer.serializeToString(1.0));
        assertEquals("d:0.1;", PhpSerializer.serializeToString(0.1));
        assertEquals("d:1.0E+25;", PhpSerializer.serializeToString(1e25));
        assertEquals("d:1.5E-7;", PhpSerializer.serializeToString(1.5e-7));
        assertEquals("d:1.2345678901234568E+17;", PhpSerializer.serializeToString(1.2345678901234568E+17));
        assertEquals("d:0.30000000000000004;", PhpSerializer.serializeToString(0.1 + 0.2));
        assertEquals("d:-0;", PhpSerializer.serializeToString(-0.0));
        assertEquals("d:INF;", PhpSerializer.serializeToString(Double.POSITIVE_INFINITY));
        assertEquals("d:-INF;", PhpSerializer.serializeToString(Double.NEGATIVE_INFINITY));
        assertEquals("d:NAN;", PhpSerializer.serializeToString(Double.NaN));
        assertEquals("d:1000000000000000;", PhpSerializer.serializeToString(1e15));
        assertEquals("d:10000000000000000;", PhpSerializer.serializeToString(1e16));
        assertEquals("d:1.0E+17;", PhpSerializer.serializeToString(1e17));
        assertEquals("d:0.0001;", PhpSerializer.serializeToString(1e-4));
        assertEquals("d:1.0E-5;", PhpSerializer.serializeToString(1e-5));
        assertEquals("1.0e+25", PhpJson.encode(1e25));
        assertEquals("1", PhpJson.encode(1.0));
        assertEquals("-0", PhpJson.encode(-0.0));
    }
}
