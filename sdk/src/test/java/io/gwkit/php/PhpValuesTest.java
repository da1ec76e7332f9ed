package io.gwkit.php;

import io.gwkit.protocol.GatewayRequests;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhpValuesTest {

    @Test
    void floatsConvertToStringsAsPhp8EchoesThem() {
        // expected values printed by php 8.2: echo 1e14, 1e13, ...
        assertEquals("1.0E+14", PhpValues.floatToString(1e14));
        assertEquals("10000000000000", PhpValues.floatToString(1e13));
        assertEquals("99999999999999", PhpValues.floatToString(99999999999999.0));
        assertEquals("1.2345678901234E+14", PhpValues.floatToString(123456789012345.0));
        assertEquals("0.0001", PhpValues.floatToString(0.0001));
        assertEquals("1.0E-5", PhpValues.floatToString(0.00001));
        assertEquals("1.0E+25", PhpValues.floatToString(1e25));
        assertEquals("100", PhpValues.floatToString(100.0));
        assertEquals("-0", PhpValues.floatToString(-0.0));
        assertEquals("0.3", PhpValues.floatToString(0.1 + 0.2));
        assertEquals("INF", PhpValues.floatToString(Double.POSITIVE_INFINITY));
        assertEquals("NAN", PhpValues.floatToString(Double.NaN));
    }

    @Test
    void emptyIsPhpsEmpty() {
        for (Object v : new Object[] {null, false, 0L, 0.0, "", "0", new PhpArray(), new PhpBytes(new byte[] {'0'})}) {
            assertTrue(PhpValues.isEmpty(v), String.valueOf(v));
        }
        for (Object v : new Object[] {true, 1L, "00", " ", "0.0", PhpArray.listOf(0L)}) {
            assertFalse(PhpValues.isEmpty(v), String.valueOf(v));
        }
    }

    @Test
    void normalizeTurnsJavaValuesIntoPhpValues() {
        Object v = PhpValues.normalize(List.of(1, Map.of("7", 2.5f), new byte[] {(byte) 0xff}));
        PhpArray a = (PhpArray) v;
        assertEquals(1L, a.get(0L));
        assertEquals(2.5, ((PhpArray) a.get(1L)).get(7L));
        assertEquals(new PhpBytes(new byte[] {(byte) 0xff}), a.get(2L));
        assertThrows(IllegalArgumentException.class, () -> PhpValues.normalize(new Object()));
    }

    @Test
    void intConversionFollowsPhpCasts() {
        assertEquals(12, PhpValues.toInt("12abc"));
        assertEquals(0, PhpValues.toInt("abc"));
        assertEquals(1, PhpValues.toInt(true));
        assertEquals(1, PhpValues.toInt(PhpArray.listOf("x")));
        assertEquals(0, PhpValues.toInt(new PhpArray()));
        assertEquals(3, PhpValues.toInt(3.9));
    }

    @Test
    void scalarBodiesAreStringsWithFlagOneAndEverythingElseIsSerialized() {
        GatewayFrame f = GatewayRequests.frame(Command.SEND_TO_ONE, 1, false, null, 42L);
        assertEquals(1, f.flag());
        assertArrayEquals("42".getBytes(StandardCharsets.US_ASCII), f.body());
        GatewayFrame t = GatewayRequests.frame(Command.SEND_TO_ONE, 1, true, null, true);
        assertEquals(3, t.flag());
        assertArrayEquals("1".getBytes(StandardCharsets.US_ASCII), t.body());
        GatewayFrame n = GatewayRequests.frame(Command.KICK, 1, false, null, null);
        assertEquals(0, n.flag());
        assertArrayEquals("N;".getBytes(StandardCharsets.US_ASCII), n.body());
        GatewayFrame arr = GatewayRequests.frame(Command.SEND_TO_ONE, 1, false, null, PhpArray.listOf("a"));
        assertEquals(0, arr.flag());
        assertArrayEquals("a:1:{i:0;s:1:\"a\";}".getBytes(StandardCharsets.US_ASCII), arr.body());
    }
}
