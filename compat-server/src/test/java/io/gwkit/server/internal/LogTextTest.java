package io.gwkit.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlCharactersAreEscaped() {
        assertEquals("a\\r\\n[main] WARN forged\\t\\u001b[31m\\\\", LogText.escape("a\r\n[main] WARN forged\t\u001b[31m\\"));
        assertEquals("\\u0000\\u007f\\u0085\\u2028", LogText.escape("\u0000\u007f\u0085\u2028"));
        assertEquals("plain text, äöü 中文", LogText.escape("plain text, äöü 中文"));
    }

    @Test
    void excerptsAreCutThenEscaped() {
        String cut = LogText.excerpt("\n".repeat(500));
        assertTrue(cut.startsWith("\\n".repeat(LogText.MAX_CHARS) + "... (500 chars)"), cut);
        assertFalse(cut.contains("\n"));
        String bytes = LogText.excerpt("x\r\ny".repeat(100).getBytes(StandardCharsets.UTF_8));
        assertTrue(bytes.endsWith("... (400 bytes)"), bytes);
        assertFalse(bytes.contains("\r") || bytes.contains("\n"), bytes);
        assertEquals("null", LogText.excerpt((String) null));
    }
}
