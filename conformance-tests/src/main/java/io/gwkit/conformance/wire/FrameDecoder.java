package io.gwkit.conformance.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gwkit.conformance.FrameKind;
import io.gwkit.conformance.Hex;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.Command;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The readable {@code decoded} object of a gwcap frame line (docs/CAPTURE-FORMAT.md "Frame lines"). Informative only:
 * comparisons use the bytes; the comparator uses these fields to name what differs.
 */
public final class FrameDecoder {

    /** Strings longer than this are shown as a prefix, the length and a sha256. */
    public static final int ABBREVIATE_OVER = 1024;
    private static final int PREFIX = 200;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sessions and bodies in a capture are untrusted: decode them with tight limits. */
    private static final PhpSerializer.Limits LIMITS = new PhpSerializer.Limits(32, 100_000, 16 * 1024 * 1024);

    private FrameDecoder() {
    }

    public static ObjectNode decode(FrameKind kind, byte[] b) {
        ObjectNode n = NODES.objectNode();
        n.put("type", kind.wireName());
        switch (kind) {
            case LINE:
                decodeLine(n, b);
                break;
            case GATEWAY:
                decodeGateway(n, b);
                break;
            case REPLY:
                decodeReply(n, b);
                break;
            case HTTP:
                n.set("text", bytes(b, 0, b.length));
                break;
            case WS:
                decodeWs(n, b);
                break;
            case RAW:
            default:
                n.put("hex", Hex.encode(b));
                break;
        }
        return n;
    }

    private static void decodeLine(ObjectNode n, byte[] b) {
        int end = b.length > 0 && b[b.length - 1] == '\n' ? b.length - 1 : b.length;
        n.set("text", bytes(b, 0, end));
        if (end <= ABBREVIATE_OVER) {
            String s = utf8(b, 0, end);
            if (s != null && s.startsWith("{")) {
                try {
                    n.set("json", JSON.readTree(s));
                } catch (Exception notJson) {
                    // a line that is not JSON has no json field
                }
            }
        }
    }

    private static void decodeGateway(ObjectNode n, byte[] b) {
        if (b.length < 28) {
            n.put("truncated", true);
            n.put("hex", Hex.encode(b));
            return;
        }
        ByteBuffer bb = ByteBuffer.wrap(b);
        long packLen = bb.getInt(0) & 0xFFFF_FFFFL;
        int cmd = b[4] & 0xFF;
        Command c = Command.of(cmd);
        long extLen = bb.getInt(24) & 0xFFFF_FFFFL;
        n.put("pack_len", packLen);
        n.put("cmd", cmd);
        n.put("cmd_name", c == null ? "UNKNOWN" : "CMD_" + c.name());
        n.put("local_ip", ip(bb.getInt(5)));
        n.put("local_port", bb.getShort(9) & 0xFFFF);
        n.put("client_ip", ip(bb.getInt(11)));
        n.put("client_port", bb.getShort(15) & 0xFFFF);
        n.put("connection_id", bb.getInt(17) & 0xFFFF_FFFFL);
        int flag = b[21] & 0xFF;
        n.put("flag", flag);
        n.put("gateway_port", bb.getShort(22) & 0xFFFF);
        n.put("ext_len", extLen);
        int extEnd = (int) Math.min(b.length, 28 + extLen);
        n.set("ext_data", bytes(b, 28, extEnd));
        n.set("body", bytes(b, extEnd, b.length));
        if (extEnd > 28) {
            JsonNode ext = php(b, 28, extEnd);
            if (ext != null) {
                n.set("ext_php", ext);
            }
        }
        if ((flag & 0x01) == 0 && b.length > extEnd) {
            JsonNode body = php(b, extEnd, b.length);
            if (body != null) {
                n.set("body_php", body);
            }
        }
    }

    private static void decodeReply(ObjectNode n, byte[] b) {
        if (b.length < 4) {
            n.put("hex", Hex.encode(b));
            return;
        }
        n.put("len", FrameSplitter.u32(b, 0));
        n.set("serialized", bytes(b, 4, b.length));
        JsonNode v = php(b, 4, b.length);
        if (v != null) {
            n.set("php", v);
        }
    }

    private static void decodeWs(ObjectNode n, byte[] b) {
        if (b.length < 2) {
            n.put("hex", Hex.encode(b));
            return;
        }
        n.put("fin", (b[0] & 0x80) >>> 7);
        n.put("rsv", (b[0] & 0x70) >>> 4);
        n.put("opcode", b[0] & 0x0F);
        boolean masked = (b[1] & 0x80) != 0;
        n.put("masked", masked);
        int len7 = b[1] & 0x7F;
        int pos = 2;
        long len = len7;
        if (len7 == 126 && b.length >= 4) {
            len = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
            pos = 4;
        } else if (len7 == 127 && b.length >= 10) {
            len = ByteBuffer.wrap(b, 2, 8).getLong();
            pos = 10;
        }
        n.put("payload_len", len);
        byte[] payload;
        if (masked && b.length >= pos + 4) {
            byte[] mask = {b[pos], b[pos + 1], b[pos + 2], b[pos + 3]};
            n.put("mask", Hex.encode(mask));
            pos += 4;
            payload = new byte[b.length - pos];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (b[pos + i] ^ mask[i & 3]);
            }
        } else {
            payload = new byte[Math.max(0, b.length - pos)];
            System.arraycopy(b, Math.min(pos, b.length), payload, 0, payload.length);
        }
        n.set("payload", bytes(payload, 0, payload.length));
    }

    /** A byte string as gwcap shows it: text when printable UTF-8, {@code {"hex":..}} otherwise, abbreviated when long. */
    public static JsonNode bytes(byte[] b, int from, int to) {
        int len = Math.max(0, to - from);
        String s = utf8(b, from, to);
        if (len > ABBREVIATE_OVER) {
            ObjectNode a = NODES.objectNode();
            if (s != null) {
                a.put("text_prefix", s.substring(0, Math.min(PREFIX, s.length())));
            } else {
                a.put("hex_prefix", Hex.encode(b, from, Math.min(PREFIX, len)));
            }
            a.put("len", len);
            a.put("sha256", sha256(b, from, len));
            return a;
        }
        if (s != null) {
            return NODES.textNode(s);
        }
        ObjectNode h = NODES.objectNode();
        h.put("hex", Hex.encode(b, from, len));
        return h;
    }

    /** The UTF-8 text of the bytes, or null when they are not valid UTF-8 or hold control characters. */
    static String utf8(byte[] b, int from, int to) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, Math.max(0, to - from))).toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7F) {
                    return null;
                }
            }
            return s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static JsonNode php(byte[] b, int from, int to) {
        byte[] data = new byte[to - from];
        System.arraycopy(b, from, data, 0, data.length);
        try {
            return toJson(PhpSerializer.unserialize(data, LIMITS));
        } catch (RuntimeException | StackOverflowError notSerialized) {
            return null;
        }
    }

    /** A PHP value as JSON the way json_encode shows it (lists as arrays, other arrays as objects). */
    public static JsonNode toJson(Object v) {
        if (v == null) {
            return NODES.nullNode();
        } else if (v instanceof Boolean) {
            return NODES.booleanNode((Boolean) v);
        } else if (v instanceof Long || v instanceof Integer) {
            return NODES.numberNode(((Number) v).longValue());
        } else if (v instanceof Double) {
            double d = (Double) v;
            return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(String.valueOf(d));
        } else if (v instanceof String) {
            return NODES.textNode((String) v);
        } else if (v instanceof PhpBytes) {
            byte[] raw = ((PhpBytes) v).bytes();
            return bytes(raw, 0, raw.length);
        } else if (v instanceof PhpArray) {
            PhpArray a = (PhpArray) v;
            if (a.isList()) {
                com.fasterxml.jackson.databind.node.ArrayNode arr = NODES.arrayNode();
                a.values().forEach(x -> arr.add(toJson(x)));
                return arr;
            }
            ObjectNode o = NODES.objectNode();
            for (Map.Entry<Object, Object> e : a.entrySet()) {
                o.set(String.valueOf(e.getKey()), toJson(e.getValue()));
            }
            return o;
        }
        return NODES.textNode(String.valueOf(v));
    }

    private static String ip(int v) {
        return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
    }

    private static String sha256(byte[] b, int from, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, from, len);
            return Hex.encode(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
