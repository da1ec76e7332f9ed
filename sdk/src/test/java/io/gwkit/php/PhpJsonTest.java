package io.gwkit.php;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhpJsonTest {

    @Test
    void escapesLikeJsonEncode() {
        // expected text as printed by php 8.2 json_encode for the same string
        assertEquals("\"a\\/b\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\u007f \\u00e9 \\ud83d\\ude00 \\u2028\"",
                PhpJson.encode("a/b\"\\\b\f\n\r\t\u0001\u001f\u007f é 😀 \u2028"));
        assertEquals("\"\\u5f20\\u4e09\"", PhpJson.encode("张三"));
        assertEquals("\"s3cr3t\\/K3y\"", PhpJson.encode("s3cr3t/K3y"));
    }

    @Test
    void listVersusObject() {
        assertEquals("[]", PhpJson.encode(new PhpArray()));
        assertEquals("[]", PhpJson.encode(Map.of()));
        assertEquals("[]", PhpJson.encode(List.of()));
        assertEquals("[\"x\",\"y\"]", PhpJson.encode(PhpArray.listOf("x", "y")));
        PhpArray gaps = new PhpArray();
        gaps.put(1L, 1L);
        gaps.put(2L, 2L);
        assertEquals("{\"1\":1,\"2\":2}", PhpJson.encode(gaps));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections", Map.of("2", 2));
        m.put("exclude", null);
        m.put("where", List.of());
        m.put("d", 1.5);
        m.put("e", -0.0);
        m.put("t", true);
        assertEquals("{\"connections\":{\"2\":2},\"exclude\":null,\"where\":[],\"d\":1.5,\"e\":-0,\"t\":true}", PhpJson.encode(m));
        assertEquals("[42]", PhpJson.encode(List.of(42)));
        assertEquals("[\"42\"]", PhpJson.encode(List.of("42")));
        assertEquals("0.30000000000000004", PhpJson.encode(0.1 + 0.2));
        assertEquals("1.0e+100", PhpJson.encode(1e100));
        assertEquals("-1.0e-10", PhpJson.encode(-1e-10));
    }

    @Test
    void refusesWhatJsonEncodeRefuses() {
        assertThrows(PhpJsonException.class, () -> PhpJson.encode(new PhpBytes(new byte[] {(byte) 0xff})));
        assertThrows(PhpJsonException.class, () -> PhpJson.encode(Double.POSITIVE_INFINITY));
        assertThrows(PhpJsonException.class, () -> PhpJson.encode(Double.NaN));
        assertThrows(PhpJsonException.class, () -> PhpJson.encode("\ud800"));
        assertEquals("\"ok\"", PhpJson.encode(new PhpBytes("ok".getBytes())));
    }

    @Test
    void encodeDepthIsPhps() {
        assertEquals(1024, PhpJson.encode(nestedLists(512)).length());
        assertThrows(PhpJsonException.class, () -> PhpJson.encode(nestedLists(513)));
    }

    private static Object nestedLists(int n) {
        Object v = List.of();
        for (int i = 1; i < n; i++) {
            v = List.of(v);
        }
        return v;
    }

    @Test
    void decodesLikeJsonDecodeAssoc() {
        PhpArray a = (PhpArray) PhpJson.decode("{\"1\":1,\"01\":2,\"\":3,\"a\":4,\"a\":5}");
        assertEquals(List.of(1L, "01", "", "a"), new ArrayList<>(a.keySet()));
        assertEquals(5L, a.get("a"));
        assertEquals(0L, PhpJson.decode("-0"));
        assertEquals(-0.0, PhpJson.decode("-0.0"));
        assertEquals(1.0, PhpJson.decode("1.0"));
        assertEquals(100.0, PhpJson.decode("1E2"));
        assertEquals(1.2345678901234567E19, PhpJson.decode("12345678901234567890"));
        assertEquals(Long.MIN_VALUE, PhpJson.decode("-9223372036854775808"));
        assertEquals(9.223372036854776E18, PhpJson.decode("9223372036854775808"));
        assertEquals(Double.POSITIVE_INFINITY, PhpJson.decode("1e400"));
        assertEquals("😀", PhpJson.decode("\"\\ud83d\\ude00\""));
        assertEquals("\u0000a", PhpJson.decode("\"\\u0000a\""));
        assertNull(PhpJson.decode(" null "));
        assertInstanceOf(PhpArray.class, PhpJson.decode(" [1] "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "[1,2", "[1] x", "[1] [2]", "{'a':1}", "[01]", "NaN", "TRUE", "\"\\ud83d\"",
        "\"a\u0001b\"", "{\"a\"}", "[1,]", "nul"})
    void decodeRefusesWhatJsonDecodeRefuses(String json) {
        assertThrows(PhpJsonException.class, () -> PhpJson.decode(json));
    }

    @Test
    void decodeDepthIsPhps() {
        assertInstanceOf(PhpArray.class, PhpJson.decode("[".repeat(511) + "]".repeat(511)));
        assertThrows(PhpJsonException.class, () -> PhpJson.decode("[".repeat(512) + "]".repeat(512)));
        assertThrows(PhpJsonException.class, () -> PhpJson.decode("[".repeat(100_000) + "]".repeat(100_000)));
        assertEquals(1L, PhpJson.decode("1", 1));
        assertThrows(PhpJsonException.class, () -> PhpJson.decode("[]", 1));
    }

    @Test
    void decodingDoesNotUseTheThreadStack() throws Exception {
        SmallStack.run(() -> {
            assertInstanceOf(PhpArray.class, PhpJson.decode("[".repeat(511) + "]".repeat(511)));
            assertThrows(PhpJsonException.class, () -> PhpJson.decode("{\"a\":".repeat(100_000)));
        });
    }

    @Test
    void decodeBytesRefusesMalformedUtf8() {
        assertThrows(PhpJsonException.class, () -> PhpJson.decode(new byte[] {'"', (byte) 0xff, '"'}));
        assertEquals("é", PhpJson.decode("\"é\"".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void roundTripThroughDecode() {
        String json = "{\"type\":\"welcome\",\"client_id\":\"7f0000010b5400000001\",\"n\":[1,2.5,null,{\"k\":\"\\u00e9\\/\"}]}";
        assertEquals(json, PhpJson.encode(PhpJson.decode(json)));
    }
}
