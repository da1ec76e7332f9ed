package io.gwkit.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PHP's trim() and explode(' ', s, 3) as the demo app uses them (values checked with php -r). */
class DemoAppTest {

    private static String trim(String s) {
        return new String(DemoApp.trim(s.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }

    private static List<String> explode(String s) {
        return DemoApp.explode3(s.getBytes(StandardCharsets.ISO_8859_1)).stream()
                .map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void trimStripsPhpsSixCharacters() {
        assertEquals("a b", trim(" \t\n\r\0\u000ba b \t\n\r\0\u000b"));
        assertEquals("\u00a0x\u000c", trim("\u00a0x\u000c"));
        assertEquals("", trim("  "));
    }

    @Test
    void explodeKeepsEmptyPartsAndTheRestOfTheLine() {
        assertEquals(List.of(""), explode(""));
        assertEquals(List.of("say"), explode("say"));
        assertEquals(List.of("say", "", "hi"), explode("say  hi"));
        assertEquals(List.of("sess", "k", "v w  x"), explode("sess k v w  x"));
        assertEquals(List.of("sess", "k", ""), explode("sess k "));
    }
}
