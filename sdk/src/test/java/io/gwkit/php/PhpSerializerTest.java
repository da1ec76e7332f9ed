package io.gwkit.php;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhpSerializerTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String ser(Object v) {
        return new String(PhpSerializer.serialize(v), StandardCharsets.UTF_8);
    }

    private static Object unser(String s) {
        return PhpSerializer.unserialize(b(s));
    }

    @Test
    void scalars() {
        assertEquals("N;", ser(null));
        assertEquals("b:1;", ser(true));
        assertEquals("b:0;", ser(false));
        assertEquals("i:-42;", ser(-42));
        assertEquals("i:9223372036854775807;", ser(Long.MAX_VALUE));
        assertEquals("i:-9223372036854775808;", ser(Long.MIN_VALUE));
        assertEquals("s:5:\"hello\";", ser("hello"));
        assertEquals("s:6:\"张三\";", ser("张三"));
        assertEquals("s:0:\"\";", ser(""));
        assertEquals("s:2:\"\";\";", ser("\";"));
        assertNull(unser("N;"));
        assertEquals(true, unser("b:1;"));
        assertEquals(false, unser("b:0;"));
        assertEquals(Long.MIN_VALUE, unser("i:-9223372036854775808;"));
        assertEquals(Long.MAX_VALUE, unser("i:9223372036854775807;"));
        assertEquals("张三", unser("s:6:\"张三\";"));
        assertEquals("\";", unser("s:2:\"\";\";"));
    }

    @Test
    void phpLenientSpellingsAreAccepted() {
        assertEquals(5L, unser("i:+5;"));
        assertEquals(5L, unser("i:05;"));
        assertEquals(0L, unser("i:-0;"));
        assertEquals(0.5, unser("d:.5;"));
        assertEquals(100000.0, unser("d:1e5;"));
        assertEquals(1.0, unser("d:1.;"));
        assertEquals(-0.0005, unser("d:-.5e-3;"));
        assertEquals("abc", unser("s:03:\"abc\";"));
    }

    @Test
    void nonUtf8StringsDecodeToPhpBytesAndReencodeIdentically() {
        byte[] data = {'s', ':', '2', ':', '"', (byte) 0xff, (byte) 0xfe, '"', ';'};
        Object v = PhpSerializer.unserialize(data);
        PhpBytes bytes = assertInstanceOf(PhpBytes.class, v);
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe}, bytes.bytes());
        assertArrayEquals(data, PhpSerializer.serialize(v));
        // overlong encoding and an encoded surrogate are not UTF-8 either
        assertInstanceOf(PhpBytes.class, PhpSerializer.unserialize(new byte[] {'s', ':', '2', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', ';'}));
        assertInstanceOf(PhpBytes.class, PhpSerializer.unserialize(new byte[] {'s', ':', '3', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', ';'}));
    }

    @Test
    void arraysKeepOrderAndNormaliseKeysAsPhp() {
        PhpArray a = (PhpArray) unser("a:5:{s:3:\"key\";i:7;i:0;s:1:\"a\";s:3:\"123\";b:1;s:2:\"-5\";N;s:4:\"0123\";d:0.5;}");
        assertEquals(List.of("key", 0L, 123L, -5L, "0123"), new ArrayList<>(a.keySet()));
        assertEquals("a:5:{s:3:\"key\";i:7;i:0;s:1:\"a\";i:123;b:1;i:-5;N;s:4:\"0123\";d:0.5;}", ser(a));

        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("123", "x");
        m.put("-5", "y");
        m.put("0123", "z");
        m.put("9223372036854775808", "big");
        m.put("-0", "negzero");
        assertEquals("a:5:{i:123;s:1:\"x\";i:-5;s:1:\"y\";s:4:\"0123\";s:1:\"z\";"
                + "s:19:\"9223372036854775808\";s:3:\"big\";s:2:\"-0\";s:7:\"negzero\";}", ser(m));
        assertEquals("a:2:{i:0;s:1:\"a\";i:1;a:0:{}}", ser(List.of("a", List.of())));
        assertEquals("a:1:{i:5;s:1:\"5\";}", ser(Map.of("5", "5")));
    }

    @Test
    void duplicateKeysOverwriteInPlaceAsPhp() {
        PhpArray a = (PhpArray) unser("a:3:{i:0;i:1;i:1;i:2;i:0;i:3;}");
        assertEquals(2, a.size());
        assertEquals(3L, a.get(0L));
        assertEquals(List.of(0L, 1L), new ArrayList<>(a.keySet()));
    }

    @Test
    void roundTripsNestedValues() {
        String s = "a:3:{s:1:\"y\";a:3:{i:0;i:1;i:1;i:2;i:2;a:1:{s:1:\"z\";b:1;}}s:1:\"f\";d:-1.5E-7;s:1:\"n\";N;}";
        assertEquals(s, ser(unser(s)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "N", "N:", "i:;", "i:1", "i:-;", "i:1x;", "i: 1;", " i:1;", "i:0x1;", "b:2;", "b:01;", "b:;",
        "d:;", "d:1e;", "d:inf;", "d:0x1A;", "d:1", "d:1.2.3;", "d:e5;",
        "s:3:\"abcd\";", "s:4:\"abc\";", "s:-1:\"\";", "s:+3:\"abc\";", "s:3:\"abc\"", "s:3:abc;", "s:3\"abc\";",
        "s:99999999999999999999:\"a\";", "s:2147483648:\"a\";",
        "a:1:{i:0;i:1;", "a:2:{i:0;i:1;}", "a:1:{i:0;i:1;i:1;i:2;}", "a:1:{d:1.5;i:1;}", "a:1:{N;i:1;}",
        "a:1:{b:1;i:1;}", "a:1:{a:0:{}i:1;}", "a:-1:{}", "a:+1:{i:0;i:1;}", "a:0:{", "a:0:[]",
        "a:1000000:{i:0;N;}", "a:9223372036854775807:{}",
        "i:1;junk", "N;N;", "a:0:{};", "x:1;", "S:3:\"\\61bc\";",
        "i:9223372036854775808;", "i:-9223372036854775809;", "i:99999999999999999999;",
    })
    void malformedInputGivesTypedError(String input) {
        PhpSerializeException e = assertThrows(PhpSerializeException.class, () -> unser(input));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "O:8:\"stdClass\":0:{}", "C:3:\"Foo\":0:{}", "E:7:\"Foo:Bar\";", "a:1:{i:0;O:8:\"stdClass\":0:{}}",
        "a:2:{i:0;i:1;i:1;r:2;}", "a:2:{i:0;i:1;i:1;R:2;}",
    })
    void objectsAndReferencesAreRefused(String input) {
        assertThrows(UnsupportedPhpObjectException.class, () -> unser(input));
    }

    @Test
    void depthLimit() {
        String ok = "a:1:{i:0;".repeat(64) + "N;" + "}".repeat(64);
        assertEquals(ok, ser(unser(ok)));
        String tooDeep = "a:1:{i:0;".repeat(65) + "N;" + "}".repeat(65);
        PhpSerializeException e = assertThrows(PhpSerializeException.class, () -> unser(tooDeep));
        assertTrue(e.getMessage().contains("64"), e.getMessage());
        PhpSerializer.Limits deeper = new PhpSerializer.Limits(100, 1000, 1000);
        assertInstanceOf(PhpArray.class, PhpSerializer.unserialize(b(tooDeep), deeper));
    }

    @ParameterizedTest
    @ValueSource(ints = {10_000, 100_000})
    void hostileNestingIsRefusedWithoutStackOverflow(int depth) {
        String nested = "a:1:{i:0;".repeat(depth) + "N;" + "}".repeat(depth);
        assertThrows(PhpSerializeException.class, () -> unser(nested));
        String unterminated = "a:1:{i:0;".repeat(depth);
        assertThrows(PhpSerializeException.class, () -> unser(unterminated));
        PhpSerializer.Limits max = new PhpSerializer.Limits(PhpSerializer.Limits.MAX_SUPPORTED_DEPTH, 1_000_000, 1000);
        assertThrows(PhpSerializeException.class, () -> PhpSerializer.unserialize(b(nested), max));
    }

    @Test
    void deepestSupportedLimitDecodesAndEncodesWithoutStackOverflow() {
        int depth = PhpSerializer.Limits.MAX_SUPPORTED_DEPTH;
        String nested = "a:1:{i:0;".repeat(depth) + "N;" + "}".repeat(depth);
        PhpSerializer.Limits max = new PhpSerializer.Limits(depth, 1_000_000, 1000);
        assertEquals(nested, ser(PhpSerializer.unserialize(b(nested), max)));
    }

    @Test
    void decodingDoesNotUseTheThreadStack() throws Exception {
        int depth = PhpSerializer.Limits.MAX_SUPPORTED_DEPTH;
        String nested = "a:1:{i:0;".repeat(depth) + "N;" + "}".repeat(depth);
        String hostile = "a:1:{i:0;".repeat(100_000);
        PhpSerializer.Limits max = new PhpSerializer.Limits(depth, 1_000_000, 1000);
        SmallStack.run(() -> {
            assertInstanceOf(PhpArray.class, PhpSerializer.unserialize(b(nested), max));
            assertThrows(PhpSerializeException.class, () -> PhpSerializer.unserialize(b(hostile), max));
        });
    }

    @Test
    void elementAndStringLimits() {
        PhpSerializer.Limits small = new PhpSerializer.Limits(8, 3, 4);
        assertInstanceOf(PhpArray.class, PhpSerializer.unserialize(b("a:3:{i:0;N;i:1;N;i:2;N;}"), small));
        assertThrows(PhpSerializeException.class,
                () -> PhpSerializer.unserialize(b("a:2:{i:0;a:2:{i:0;N;i:1;N;}i:1;N;}"), small));
        assertEquals("abcd", PhpSerializer.unserialize(b("s:4:\"abcd\";"), small));
        PhpSerializeException e = assertThrows(PhpSerializeException.class,
                () -> PhpSerializer.unserialize(b("s:5:\"abcde\";"), small));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("4"), e.getMessage());
    }

    @Test
    void lyingLengthsNeverAllocateTheDeclaredSize() {
        // 2 GiB declared, 3 bytes present: refused before any allocation
        assertThrows(PhpSerializeException.class, () -> unser("s:2147483000:\"abc\";"));
        assertThrows(PhpSerializeException.class,
                () -> PhpSerializer.unserialize(b("s:2147483000:\"abc\";"),
                        new PhpSerializer.Limits(4, 10, Integer.MAX_VALUE)));
        assertThrows(PhpSerializeException.class, () -> unser("a:999999:{i:0;N;}"));
    }

    @Test
    void encodesJavaShapes() {
        assertEquals("a:2:{i:0;i:1;i:1;s:1:\"x\";}", ser(new Object[] {1, "x"}));
        assertEquals("s:3:\"abc\";", ser(new byte[] {'a', 'b', 'c'}));
        assertEquals("d:0.5;", ser(0.5f));
        assertThrows(IllegalArgumentException.class, () -> ser(new Object()));
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThrows(IllegalArgumentException.class, () -> ser(cycle));
    }
}
