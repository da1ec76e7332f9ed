package io.gwkit.conformance.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.FrameKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields docs/CAPTURE-FORMAT.md "Comparing two captures" lists as legitimately varying, blanked out of a frame's
 * bytes before comparison. Each mask is numbered as in docs/CAPTURE-FORMAT.md. Masks 3 (connection numbers, global
 * order) and 6 (result output, header source) need no byte rewriting: the comparator never looks at them.
 */
public final class Masks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WORKER_KEY = Pattern.compile("\"worker_key\":\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern SERVER_HEADER = Pattern.compile("(?mi)^Server: [^\\r\\n]*");

    private final boolean maskServerHeader;

    /** @param maskServerHeader apply mask 5 (the websocket handshake's {@code Server:} header) */
    public Masks(boolean maskServerHeader) {
        this.maskServerHeader = maskServerHeader;
    }

    /** The frame's bytes with every varying field replaced by a fixed value. */
    public byte[] apply(CapturedFrame f) {
        byte[] b = f.bytes();
        if (f.kind() == FrameKind.GATEWAY && b.length >= 28) {
            int cmd = b[4] & 0xFF;
            // mask 1: the end client's ephemeral source port in gateway -> worker events
            if ("gateway".equals(f.from()) && (cmd == 1 || cmd == 3 || cmd == 4 || cmd == 205)) {
                b = b.clone();
                b[15] = 0;
                b[16] = 0;
            }
            // mask 2: worker_key names the worker process; pack_len follows its length
            if (cmd == 200) {
                String body = new String(b, 28, b.length - 28, StandardCharsets.ISO_8859_1);
                Matcher m = WORKER_KEY.matcher(body);
                if (m.find()) {
                    byte[] head = b.clone();
                    head[0] = head[1] = head[2] = head[3] = 0;
                    String masked = m.replaceFirst("\"worker_key\":\"*\"");
                    byte[] tail = masked.getBytes(StandardCharsets.ISO_8859_1);
                    byte[] out = new byte[28 + tail.length];
                    System.arraycopy(head, 0, out, 0, 28);
                    System.arraycopy(tail, 0, out, 28, tail.length);
                    b = out;
                }
            }
        } else if (f.kind() == FrameKind.LINE && f.link() == io.gwkit.conformance.Link.REGISTER) {
            b = sortedAddresses(b);
        } else if (f.kind() == FrameKind.HTTP && maskServerHeader && "gateway".equals(f.from())) {
            // mask 5: the Server header names the implementation
            String head = new String(b, StandardCharsets.ISO_8859_1);
            b = SERVER_HEADER.matcher(head).replaceAll("Server: *").getBytes(StandardCharsets.ISO_8859_1);
        }
        return b;
    }

    private static final byte[] ACK_OFFER = "gwkit-acks".getBytes(StandardCharsets.US_ASCII);

    /**
     * mask 7: an inner frame of a gwkit extension, which only passes between two gwkit peers (docs/PROTOCOL.md):
     * cmd 250 (worker drain), cmd 251 (worker acknowledgement) and the acknowledgement offer (a cmd 201 PING
     * whose body is {@code gwkit-acks}). PHP never sends them, so they are left out of both sides.
     */
    public static boolean isGwkitExtension(CapturedFrame f) {
        byte[] b = f.bytes();
        if (f.kind() != FrameKind.GATEWAY || b.length < 28) {
            return false;
        }
        int cmd = b[4] & 0xFF;
        return cmd == 250 || cmd == 251 || (cmd == 201 && b.length == 28 + ACK_OFFER.length
                && java.util.Arrays.equals(b, 28, b.length, ACK_OFFER, 0, ACK_OFFER.length));
    }

    /** Whether the line is a register {@code broadcast_addresses} message. */
    public static boolean isBroadcast(CapturedFrame f) {
        return f.link() == io.gwkit.conformance.Link.REGISTER && f.kind() == FrameKind.LINE
                && new String(f.bytes(), StandardCharsets.UTF_8).contains("\"broadcast_addresses\"");
    }

    /** mask 4: the order of addresses in broadcast_addresses depends on who reached the register first. */
    private static byte[] sortedAddresses(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8);
        if (!s.contains("\"broadcast_addresses\"")) {
            return line;
        }
        try {
            JsonNode n = JSON.readTree(s);
            JsonNode addrs = n.get("addresses");
            if (!(n instanceof ObjectNode) || addrs == null || !addrs.isArray()) {
                return line;
            }
            List<String> sorted = new ArrayList<>();
            addrs.forEach(a -> sorted.add(a.asText()));
            sorted.sort(null);
            ArrayNode arr = JSON.createArrayNode();
            sorted.forEach(arr::add);
            ((ObjectNode) n).set("addresses", arr);
            return (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (Exception notJson) {
            return line;
        }
    }
}
