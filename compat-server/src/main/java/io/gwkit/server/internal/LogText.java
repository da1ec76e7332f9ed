package io.gwkit.server.internal;

import java.nio.charset.StandardCharsets;

/**
 * Excerpts of peer data for log lines: at most {@value #MAX_CHARS} characters, with every control character
 * (CR and LF included) escaped, so a peer cannot forge log lines or drive a terminal with what it sends.
 */
public final class LogText {

    /** Longest excerpt, in characters of the input, before escaping. */
    public static final int MAX_CHARS = 200;

    private LogText() {
    }

    /** {@code text} cut to {@value #MAX_CHARS} characters (the length is appended when cut), escaped. */
    public static String excerpt(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
        String escaped = escape(cut);
        return cut.length() == text.length() ? escaped : escaped + "... (" + text.length() + " chars)";
    }

    /** The UTF-8 text of {@code bytes} (at most {@value #MAX_CHARS} bytes of it), escaped. */
    public static String excerpt(byte[] bytes) {
        if (bytes.length <= MAX_CHARS) {
            return escape(new String(bytes, StandardCharsets.UTF_8));
        }
        return escape(new String(bytes, 0, MAX_CHARS, StandardCharsets.UTF_8)) + "... (" + bytes.length + " bytes)";
    }

    /** {@code \n}, {@code \r}, {@code \t}, {@code \\} as such; other control characters as {@code \}{@code uXXXX}. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String replacement(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\\':
                return "\\\\";
            default:
                if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                    return String.format("\\u%04x", (int) c);
                }
                return null;
        }
    }
}
