package io.gwkit.php;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * JSON exactly as PHP's {@code json_encode} prints it with default flags, and {@code json_decode($s, true)}.
 *
 * <p>Encoding: compact; {@code /} as {@code \/}; every non-ASCII character as lowercase {@code \}{@code uXXXX}
 * (surrogate pairs above U+FFFF); {@code \b \f \n \r \t}, other control characters as {@code \}{@code u00XX};
 * an array with keys 0..n-1 (a List or a {@link PhpArray#isList()} map) is a JSON list, any other map an
 * object; empty array {@code []}; floats as PHP prints them ({@code 0.1}, {@code 1.0e+25}, integral values
 * without a fraction: {@code 1}). Where json_encode returns false — a string that is not valid UTF-8
 * ({@link PhpBytes}, byte[]), INF or NAN, nesting deeper than 512 — this throws {@link PhpJsonException}.
 *
 * <p>Decoding: objects and lists become {@link PhpArray} (keys normalised, later duplicates win), numbers
 * Long, or Double when they have a fraction/exponent or do not fit 64 bits; strings String. Syntax errors,
 * lone surrogate escapes, raw control characters, trailing data and nesting of {@code depth} or more
 * containers (PHP's rule: 512 arrays deep fails at the default depth) throw {@link PhpJsonException}.
 */
public final class PhpJson {

    /** json_decode's and json_encode's default depth limit. */
    public static final int DEFAULT_MAX_DEPTH = 512;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE) // our own depth rule applies first
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private PhpJson() {
    }

    public static String encode(Object value) {
        StringBuilder out = new StringBuilder();
        encodeValue(value, out, 0);
        return out.toString();
    }

    public static Object decode(String json) {
        return decode(json, DEFAULT_MAX_DEPTH);
    }

    /** json_decode with an explicit depth: nesting of {@code maxDepth} containers or more is refused. */
    public static Object decode(String json, int maxDepth) {
        if (json == null) {
            throw new PhpJsonException("Syntax error: no input");
        }
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new PhpJsonException("Syntax error: empty input");
            }
            Object value = readRoot(p, first, maxDepth);
            if (p.nextToken() != null) {
                throw new PhpJsonException("Syntax error: data after the JSON value at " + describe(p));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new PhpJsonException("Syntax error: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PhpJsonException("unreadable JSON: " + e.getMessage(), e);
        }
    }

    /** json_decode of bytes: anything that is not valid UTF-8 is refused as PHP does (JSON_ERROR_UTF8). */
    public static Object decode(byte[] json) {
        String s = PhpStrings.decodeUtf8OrNull(json, 0, json.length);
        if (s == null) {
            throw new PhpJsonException("Malformed UTF-8 characters, possibly incorrectly encoded");
        }
        return decode(s);
    }

    /** One array or object being filled: kept on an explicit stack, so input depth never touches the thread stack. */
    private static final class Open {
        final PhpArray array = new PhpArray();
        final boolean object;
        String key;

        Open(boolean object) {
            this.object = object;
        }
    }

    private static Object readRoot(JsonParser p, JsonToken first, int maxDepth) throws IOException {
        ArrayDeque<Open> open = new ArrayDeque<>();
        JsonToken t = first;
        while (true) {
            Object value;
            if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                checkDepth(p, open.size() + 1, maxDepth);
                Open container = new Open(t == JsonToken.START_OBJECT);
                open.push(container);
                t = advance(p, container);
                continue;
            }
            if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
                value = open.pop().array;
            } else {
                value = scalar(p, t);
            }
            Open parent = open.peek();
            if (parent == null) {
                return value;
            }
            if (parent.object) {
                parent.array.put(parent.key, value);
            } else {
                parent.array.append(value);
            }
            t = advance(p, parent);
        }
    }

    /** The next value token (or end token) inside a container; in an object, reads the key first. */
    private static JsonToken advance(JsonParser p, Open container) throws IOException {
        JsonToken t = p.nextToken();
        if (container.object && t == JsonToken.FIELD_NAME) {
            container.key = checkSurrogates(p, p.currentName());
            t = p.nextToken();
        }
        return t;
    }

    private static Object scalar(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new PhpJsonException("Syntax error: unexpected end of input");
        }
        switch (t) {
            case VALUE_STRING:
                return checkSurrogates(p, p.getText());
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return p.getDoubleValue(); // PHP turns integers beyond 64 bits into floats
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new PhpJsonException("Syntax error: unexpected " + t + " at " + describe(p));
        }
    }

    private static void checkDepth(JsonParser p, int nesting, int maxDepth) {
        if (nesting >= maxDepth) {
            throw new PhpJsonException("Maximum stack depth exceeded: " + nesting
                    + " nested arrays/objects, depth limit " + maxDepth + " at " + describe(p));
        }
    }

    /** PHP rejects a \ud800-\udfff escape that is not part of a pair; Jackson lets it through. */
    private static String checkSurrogates(JsonParser p, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new PhpJsonException("Single unpaired UTF-16 surrogate in unicode escape at " + describe(p));
            }
        }
        return s;
    }

    private static String describe(JsonParser p) {
        return "offset " + p.currentLocation().getCharOffset();
    }

    private static void encodeValue(Object v, StringBuilder out, int nesting) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean) {
            out.append(((Boolean) v) ? "true" : "false");
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.append(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new PhpJsonException("Inf and NaN cannot be JSON encoded");
            }
            out.append(PhpFloats.format(d, 'e'));
        } else if (v instanceof String) {
            encodeString((String) v, out);
        } else if (v instanceof PhpBytes || v instanceof byte[]) {
            byte[] b = PhpBytes.bytesOf(v);
            String s = PhpStrings.decodeUtf8OrNull(b, 0, b.length);
            if (s == null) {
                throw new PhpJsonException("Malformed UTF-8 characters, possibly incorrectly encoded");
            }
            encodeString(s, out);
        } else if (v instanceof Map) {
            PhpArray a = v instanceof PhpArray ? (PhpArray) v : PhpArray.of((Map<?, ?>) v);
            enter(nesting + 1);
            if (a.isList()) {
                encodeList(a.values(), out, nesting + 1);
            } else {
                out.append('{');
                boolean first = true;
                for (Map.Entry<Object, Object> e : a.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    Object k = e.getKey();
                    encodeValue(k instanceof Long ? k.toString() : k, out, nesting + 1);
                    out.append(':');
                    encodeValue(e.getValue(), out, nesting + 1);
                }
                out.append('}');
            }
        } else if (v instanceof List) {
            enter(nesting + 1);
            encodeList((List<?>) v, out, nesting + 1);
        } else if (v instanceof Object[]) {
            encodeValue(Arrays.asList((Object[]) v), out, nesting);
        } else {
            throw new IllegalArgumentException("not a PHP value: " + v.getClass().getName());
        }
    }

    private static void enter(int nesting) {
        if (nesting > DEFAULT_MAX_DEPTH) {
            throw new PhpJsonException("Maximum stack depth exceeded: more than " + DEFAULT_MAX_DEPTH + " nested arrays");
        }
    }

    private static void encodeList(Iterable<?> items, StringBuilder out, int nesting) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            encodeValue(item, out, nesting);
        }
        out.append(']');
    }

    private static void encodeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '/':
                    out.append("\\/");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c > 0x7f) {
                        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            unicodeEscape(c, out);
                            unicodeEscape(s.charAt(++i), out);
                        } else if (Character.isSurrogate(c)) {
                            // a lone surrogate has no UTF-8 form: PHP could never hold this string
                            throw new PhpJsonException("Malformed UTF-8 characters, possibly incorrectly encoded");
                        } else {
                            unicodeEscape(c, out);
                        }
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(char c, StringBuilder out) {
        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }
}
