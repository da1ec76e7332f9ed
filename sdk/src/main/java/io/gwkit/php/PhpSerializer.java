package io.gwkit.php;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * PHP {@code serialize()} / {@code unserialize()} for the value subset on the GatewayWorker wire:
 * null, bool, int (64-bit), float, byte strings and ordered arrays.
 *
 * <p>Decoded values: null, Boolean, Long, Double, String (valid UTF-8), {@link PhpBytes} (other bytes),
 * {@link PhpArray}. Encoding accepts those plus Integer/Short/Byte, Float, byte[], any Map (keys
 * normalised as PHP does) and any List/array of values.
 *
 * <p>Decoding is hostile-input safe: objects, enums and references ({@code O: C: E: r: R:}) are refused
 * with {@link UnsupportedPhpObjectException} and never instantiated; every declared length and count is
 * checked against the limits and the remaining input before anything is read or allocated; nesting is
 * bounded by {@link Limits#maxDepth()}, and open arrays are kept on the decoder's own stack, not the
 * thread's.
 *
 * <p>Differences from PHP's {@code unserialize}, all on input PHP's own {@code serialize} never produces:
 * bytes after the value are an error (PHP 8.2 ignores them, 8.3 warns), integers outside 64 bits are an
 * error (PHP saturates), and the escaped-string form {@code S:} is refused. PHP's lenient spellings are
 * accepted: {@code i:+5;}, {@code i:05;}, {@code d:.5;}, {@code d:1e5;}, {@code s:03:"abc";}; duplicate
 * array keys overwrite in place as in PHP.
 */
public final class PhpSerializer {

    /**
     * Decoder limits. Exceeding one gives a {@link PhpSerializeException} naming it.
     *
     * @param maxDepth        array nesting; the outermost array is depth 1
     * @param maxElements     array entries in the whole value, all arrays together
     * @param maxStringLength bytes of any one string (keys included)
     */
    public record Limits(int maxDepth, int maxElements, int maxStringLength) {
        public static final Limits DEFAULT = new Limits(64, 1_000_000, 64 * 1024 * 1024);

        /**
         * Decoding does not recurse, but encoding, equals/hashCode and deep copies of the result do: values
         * stay within what a small (256 KiB) thread stack handles. Also json_encode's limit.
         */
        public static final int MAX_SUPPORTED_DEPTH = 512;

        public Limits {
            if (maxDepth < 0 || maxDepth > MAX_SUPPORTED_DEPTH) {
                throw new IllegalArgumentException("maxDepth must be 0.." + MAX_SUPPORTED_DEPTH + ": " + maxDepth);
            }
            if (maxElements < 0) {
                throw new IllegalArgumentException("maxElements must be >= 0: " + maxElements);
            }
            if (maxStringLength < 0) {
                throw new IllegalArgumentException("maxStringLength must be >= 0: " + maxStringLength);
            }
        }
    }

    /** Nesting beyond this while encoding is refused (a cycle, or deeper than any decoded value can be). */
    static final int MAX_ENCODE_DEPTH = 512;

    private PhpSerializer() {
    }

    public static byte[] serialize(Object value) {
        Writer w = new Writer();
        w.write(value, 0);
        return w.out.toByteArray();
    }

    /** {@link #serialize} as a String; only meaningful when every string inside is valid UTF-8. */
    public static String serializeToString(Object value) {
        return new String(serialize(value), StandardCharsets.UTF_8);
    }

    public static Object unserialize(byte[] data) {
        return unserialize(data, Limits.DEFAULT);
    }

    public static Object unserialize(byte[] data, Limits limits) {
        if (data == null) {
            throw new PhpSerializeException("no data to unserialize");
        }
        Reader r = new Reader(data, limits);
        Object value = r.readRoot();
        if (r.pos != data.length) {
            throw new PhpSerializeException((data.length - r.pos) + " unexpected bytes after the value at offset " + r.pos);
        }
        return value;
    }

    private static final class Writer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        void write(Object v, int depth) {
            if (v == null) {
                ascii("N;");
            } else if (v instanceof Boolean) {
                ascii((Boolean) v ? "b:1;" : "b:0;");
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                ascii("i:" + ((Number) v).longValue() + ";");
            } else if (v instanceof Double || v instanceof Float) {
                ascii("d:" + PhpFloats.format(((Number) v).doubleValue(), 'E') + ";");
            } else if (v instanceof String || v instanceof PhpBytes || v instanceof byte[]) {
                string(PhpBytes.bytesOf(v));
            } else if (v instanceof Map) {
                PhpArray a = v instanceof PhpArray ? (PhpArray) v : PhpArray.of((Map<?, ?>) v);
                enter(depth);
                ascii("a:" + a.size() + ":{");
                for (Map.Entry<Object, Object> e : a.entrySet()) {
                    key(e.getKey());
                    write(e.getValue(), depth + 1);
                }
                ascii("}");
            } else if (v instanceof List) {
                List<?> list = (List<?>) v;
                enter(depth);
                ascii("a:" + list.size() + ":{");
                long i = 0;
                for (Object item : list) {
                    ascii("i:" + i++ + ";");
                    write(item, depth + 1);
                }
                ascii("}");
            } else if (v instanceof Object[]) {
                write(Arrays.asList((Object[]) v), depth);
            } else {
                throw new IllegalArgumentException("not a PHP value: " + v.getClass().getName());
            }
        }

        private void enter(int depth) {
            if (depth >= MAX_ENCODE_DEPTH) {
                throw new IllegalArgumentException("arrays nested deeper than " + MAX_ENCODE_DEPTH + " (a cycle?)");
            }
        }

        private void key(Object k) {
            if (k instanceof Long) {
                ascii("i:" + k + ";");
            } else {
                string(PhpBytes.bytesOf(k));
            }
        }

        private void string(byte[] b) {
            ascii("s:" + b.length + ":\"");
            out.write(b, 0, b.length);
            ascii("\";");
        }

        private void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                out.write(s.charAt(i));
            }
        }
    }

    private static final class Reader {
        /** Smallest array entry: {@code i:0;N;}. */
        private static final int MIN_ENTRY_BYTES = 6;
        private static final int MAX_FLOAT_TOKEN = 1024;

        final byte[] in;
        final Limits limits;
        int pos;
        long elements;

        Reader(byte[] in, Limits limits) {
            this.in = in;
            this.limits = limits;
        }

        /** One array being filled: decoding keeps these on an explicit stack instead of recursing. */
        private static final class OpenArray {
            final PhpArray array = new PhpArray();
            long remaining;
            Object key;

            OpenArray(long count) {
                this.remaining = count;
            }
        }

        /** Reads one whole value; nesting lives in {@code open}, so input depth never touches the thread stack. */
        Object readRoot() {
            ArrayDeque<OpenArray> open = new ArrayDeque<>();
            while (true) {
                OpenArray top = open.peek();
                Object value;
                if (top != null && top.remaining == 0) {
                    expect('}');
                    open.pop();
                    value = top.array;
                } else {
                    if (top != null) {
                        top.key = readKey();
                    }
                    int start = pos;
                    if (peekType() == 'a') {
                        prefix();
                        open.push(openArray(start, open.size() + 1));
                        continue;
                    }
                    value = readScalar(start);
                }
                OpenArray parent = open.peek();
                if (parent == null) {
                    return value;
                }
                parent.array.put(parent.key, value);
                parent.remaining--;
            }
        }

        private Object readScalar(int start) {
            byte type = in[pos];
            switch (type) {
                case 'N':
                    pos++;
                    expect(';');
                    return null;
                case 'b': {
                    prefix();
                    byte b = next("0 or 1");
                    if (b != '0' && b != '1') {
                        throw error(start, "bool must be b:0; or b:1;");
                    }
                    expect(';');
                    return b == '1';
                }
                case 'i': {
                    prefix();
                    long v = readLong(true, "int");
                    expect(';');
                    return v;
                }
                case 'd':
                    prefix();
                    return readDouble(start);
                case 's':
                    prefix();
                    return PhpStrings.fromBytes(readStringBody(start));
                case 'O':
                case 'C':
                case 'E':
                case 'o':
                    throw new UnsupportedPhpObjectException("serialized PHP object ('" + (char) type + ":') at offset "
                            + start + " refused: objects are never instantiated");
                case 'r':
                case 'R':
                    throw new UnsupportedPhpObjectException("serialized PHP reference ('" + (char) type + ":') at offset "
                            + start + " refused");
                case 'S':
                    throw error(start, "escaped string 'S:' is not supported");
                default:
                    throw error(start, "unexpected token " + describe(type));
            }
        }

        /** Reads {@code <count>:{} after "a:" and checks depth, count and remaining input before anything else. */
        private OpenArray openArray(int start, int depth) {
            if (depth > limits.maxDepth()) {
                throw error(start, "arrays nested deeper than the limit of " + limits.maxDepth());
            }
            long count = readLong(false, "array count");
            expect(':');
            expect('{');
            long remaining = in.length - pos;
            if (count > (remaining - 1) / MIN_ENTRY_BYTES) {
                throw error(start, "array declares " + count + " entries but only " + remaining + " bytes remain");
            }
            elements += count;
            if (elements > limits.maxElements()) {
                throw error(start, "more than the limit of " + limits.maxElements() + " array elements");
            }
            return new OpenArray(count);
        }

        private Object readKey() {
            int start = pos;
            byte type = peekType();
            if (type == 'i') {
                prefix();
                long v = readLong(true, "int key");
                expect(';');
                return v;
            }
            if (type == 's') {
                prefix();
                return PhpArray.normalizeKey(PhpStrings.fromBytes(readStringBody(start)));
            }
            throw error(start, "array key must be int or string, found " + describe(type));
        }

        private byte[] readStringBody(int start) {
            long len = readLong(false, "string length");
            expect(':');
            expect('"');
            if (len > limits.maxStringLength()) {
                throw error(start, "string of " + len + " bytes exceeds the limit of " + limits.maxStringLength());
            }
            if (len + 2 > in.length - pos) {
                throw error(start, "string declares " + len + " bytes but only " + (in.length - pos) + " remain");
            }
            byte[] bytes = Arrays.copyOfRange(in, pos, pos + (int) len);
            pos += (int) len;
            expect('"');
            expect(';');
            return bytes;
        }

        private Double readDouble(int start) {
            int end = pos;
            int limit = Math.min(in.length, pos + MAX_FLOAT_TOKEN);
            while (end < limit && in[end] != ';') {
                end++;
            }
            if (end >= in.length || in[end] != ';') {
                throw error(start, "float without ';'");
            }
            String text = new String(in, pos, end - pos, StandardCharsets.ISO_8859_1);
            double d;
            switch (text) {
                case "INF":
                    d = Double.POSITIVE_INFINITY;
                    break;
                case "-INF":
                    d = Double.NEGATIVE_INFINITY;
                    break;
                case "NAN":
                    d = Double.NaN;
                    break;
                default:
                    if (!isPhpFloatLiteral(text)) {
                        throw error(start, "malformed float \"" + text + "\"");
                    }
                    d = Double.parseDouble(text);
            }
            pos = end + 1;
            return d;
        }

        /** PHP's grammar: [+-]? (digits | digits? '.' digits | digits '.' digits?) ([eE] [+-]? digits)?. */
        private static boolean isPhpFloatLiteral(String s) {
            int i = 0;
            int n = s.length();
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int intDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                intDigits++;
            }
            int fracDigits = 0;
            if (i < n && s.charAt(i) == '.') {
                i++;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                    fracDigits++;
                }
            }
            if (intDigits + fracDigits == 0) {
                return false;
            }
            if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                i++;
                if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                    i++;
                }
                int expDigits = 0;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                    expDigits++;
                }
                if (expDigits == 0) {
                    return false;
                }
            }
            return i == n;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        /** Digits up to the next delimiter; signed allows a leading + or - as PHP does for i:. */
        private long readLong(boolean signed, String what) {
            int start = pos;
            boolean negative = false;
            if (signed && pos < in.length && (in[pos] == '-' || in[pos] == '+')) {
                negative = in[pos] == '-';
                pos++;
            }
            long v = 0;
            int digits = 0;
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                int d = in[pos] - '0';
                // accumulate negatively so Long.MIN_VALUE fits
                if (v < (Long.MIN_VALUE + d) / 10) {
                    throw error(start, what + " does not fit in 64 bits");
                }
                v = v * 10 - d;
                pos++;
                digits++;
            }
            if (digits == 0) {
                throw error(start, what + " expected, found " + describeAt(pos));
            }
            if (!negative) {
                if (v == Long.MIN_VALUE) {
                    throw error(start, what + " does not fit in 64 bits");
                }
                v = -v;
            }
            return v;
        }

        private byte peekType() {
            if (pos >= in.length) {
                throw error(pos, "truncated: value expected");
            }
            return in[pos];
        }

        /** Skips the type letter and its ':'. */
        private void prefix() {
            pos++;
            expect(':');
        }

        private byte next(String what) {
            if (pos >= in.length) {
                throw error(pos, "truncated: " + what + " expected");
            }
            return in[pos++];
        }

        private void expect(char c) {
            if (pos >= in.length) {
                throw error(pos, "truncated: '" + c + "' expected");
            }
            if (in[pos] != c) {
                throw error(pos, "'" + c + "' expected, found " + describe(in[pos]));
            }
            pos++;
        }

        private String describeAt(int at) {
            return at >= in.length ? "end of input" : describe(in[at]);
        }

        private static String describe(byte b) {
            return b >= 0x21 && b < 0x7f ? "'" + (char) b + "'" : String.format("byte 0x%02x", b & 0xff);
        }

        private PhpSerializeException error(int at, String message) {
            return new PhpSerializeException(message + " (offset " + at + " of " + in.length + ")");
        }
    }
}
