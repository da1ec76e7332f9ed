package io.gwkit.gateway.internal;

import io.gwkit.php.PhpArray;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * PHP's {@code parse_str()} (PHP 8 rules), used to build the {@code get} and {@code cookie} arrays of the
 * websocket-connect event exactly as a PHP gateway builds them.
 *
 * <p>Pairs are split on {@code &} and at the first {@code =}; names and values are url-decoded
 * ({@code +} is a space). In the base name, spaces and dots become {@code _}; {@code a[]=x} appends,
 * {@code a[k]=v} nests (keys normalised like any PHP array key). An unclosed {@code [} turns into
 * {@code _} and ends the name's special handling. Limits mirror php.ini defaults: 1000 variables,
 * 64 nesting levels; anything beyond is dropped, as PHP drops it.
 */
public final class PhpParseStr {

    public static final int MAX_INPUT_VARS = 1000;
    public static final int MAX_NESTING_LEVEL = 64;

    private PhpParseStr() {
    }

    public static PhpArray parse(String query) {
        return parse(query == null ? new byte[0] : query.getBytes(StandardCharsets.UTF_8));
    }

    /** parse_str of raw bytes (a query string is a byte string in PHP). */
    public static PhpArray parse(byte[] query) {
        PhpArray result = new PhpArray();
        int vars = 0;
        int start = 0;
        while (start <= query.length) {
            int amp = indexOf(query, (byte) '&', start, query.length);
            int end = amp < 0 ? query.length : amp;
            if (end > start) {
                if (++vars > MAX_INPUT_VARS) {
                    break;
                }
                int eq = indexOf(query, (byte) '=', start, end);
                byte[] name = urlDecode(query, start, eq < 0 ? end : eq);
                byte[] value = eq < 0 ? new byte[0] : urlDecode(query, eq + 1, end);
                register(result, name, phpString(value));
            }
            start = end + 1;
        }
        return result;
    }

    /** php_register_variable_ex: name mangling and bracket nesting. */
    private static void register(PhpArray target, byte[] rawName, Object value) {
        int start = 0;
        while (start < rawName.length && rawName[start] == ' ') {
            start++;
        }
        int end = rawName.length;
        if (start == end) {
            return;
        }
        ByteArrayOutputStream base = new ByteArrayOutputStream();
        int i = start;
        int bracket = -1;
        for (; i < end; i++) {
            byte b = rawName[i];
            if (b == ' ' || b == '.') {
                base.write('_');
            } else if (b == '[') {
                bracket = i;
                break;
            } else {
                base.write(b);
            }
        }
        if (bracket < 0) {
            target.put(phpString(base.toByteArray()), value);
            return;
        }
        // Collect the [index] parts; an unclosed first bracket makes the rest part of the plain name.
        java.util.List<Object> indexes = new java.util.ArrayList<>();
        int p = bracket;
        while (p < end && rawName[p] == '[') {
            int close = indexOf(rawName, (byte) ']', p + 1, end);
            if (close < 0) {
                if (indexes.isEmpty()) {
                    base.write('_');
                    base.write(rawName, p + 1, end - p - 1);
                    target.put(phpString(base.toByteArray()), value);
                    return;
                }
                break;
            }
            if (close == p + 1) {
                indexes.add(null);
            } else {
                byte[] idx = java.util.Arrays.copyOfRange(rawName, p + 1, close);
                indexes.add(phpString(idx));
            }
            p = close + 1;
        }
        if (indexes.size() > MAX_NESTING_LEVEL) {
            return;
        }
        Object baseKey = phpString(base.toByteArray());
        PhpArray current = target;
        Object key = baseKey;
        for (Object index : indexes) {
            Object existing = current.get(key);
            PhpArray child;
            if (existing instanceof PhpArray) {
                child = (PhpArray) existing;
            } else {
                child = new PhpArray();
                current.put(key, child);
            }
            current = child;
            if (index == null) {
                current.append(null);
                key = lastKey(current);
            } else {
                key = index;
            }
        }
        current.put(key, value);
    }

    private static Object lastKey(PhpArray array) {
        Object last = null;
        for (Object k : array.keySet()) {
            last = k;
        }
        return last;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** PHP urldecode: {@code +} to space, {@code %XX} to a byte, anything else as is. */
    static byte[] urlDecode(byte[] in, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = in[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%' && i + 2 < to && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        return Character.digit((char) (b & 0xFF), 16);
    }

    /** A PHP string value: String when the bytes are valid UTF-8, PhpBytes otherwise. */
    static Object phpString(byte[] bytes) {
        return PhpValues.string(bytes);
    }
}
