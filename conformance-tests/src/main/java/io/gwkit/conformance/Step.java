package io.gwkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scenario step (gwcap {@code steps[n]}): connect, send, close, call or wait. The original JSON is
 * kept so a capture written by the runner carries the step exactly as the scenario spelled it.
 */
public final class Step {

    public enum Op { CONNECT, SEND, CLOSE, CALL, WAIT }

    private final ObjectNode json;
    private final Op op;

    private Step(ObjectNode json) {
        this.json = json;
        String name = text("op");
        if (name == null) {
            throw new IllegalArgumentException("step without \"op\": " + json);
        }
        try {
            this.op = Op.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown step op \"" + name + "\" in " + json, e);
        }
    }

    public static Step of(JsonNode json) {
        if (!(json instanceof ObjectNode)) {
            throw new IllegalArgumentException("a step must be a JSON object: " + json);
        }
        return new Step((ObjectNode) json);
    }

    public Op op() {
        return op;
    }

    public ObjectNode json() {
        return json;
    }

    public String client() {
        return text("client");
    }

    /** {@code text} or {@code websocket} for a connect step. */
    public String proto() {
        String p = text("proto");
        return p == null ? "text" : p;
    }

    public boolean isWebSocket() {
        return "websocket".equals(proto());
    }

    public String path() {
        String p = text("path");
        return p == null ? "/" : p;
    }

    /** Extra handshake headers in the order the scenario lists them. */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        JsonNode n = json.get("headers");
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> h.put(e.getKey(), e.getValue().asText()));
        }
        return h;
    }

    /** The payload of a send step: {@code data} (UTF-8) or {@code data_hex}, repeated {@code repeat} times. */
    public byte[] payload() {
        byte[] one;
        if (json.hasNonNull("data_hex")) {
            one = Hex.decode(text("data_hex"));
        } else {
            String d = text("data");
            one = d == null ? new byte[0] : d.getBytes(StandardCharsets.UTF_8);
        }
        int repeat = json.has("repeat") ? json.get("repeat").asInt() : 1;
        byte[] out = new byte[one.length * repeat];
        for (int i = 0; i < repeat; i++) {
            System.arraycopy(one, 0, out, i * one.length, one.length);
        }
        return out;
    }

    /** The websocket opcode of a send step: explicit, else 1 for {@code data}, 2 for {@code data_hex}. */
    public int opcode() {
        if (json.has("opcode")) {
            return json.get("opcode").asInt();
        }
        return json.hasNonNull("data_hex") ? 2 : 1;
    }

    public String method() {
        return text("method");
    }

    /** The call arguments, {@code $cN} placeholders not yet resolved. */
    public JsonNode args() {
        JsonNode a = json.get("args");
        return a == null ? json.arrayNode() : a;
    }

    public long ms() {
        return json.has("ms") ? json.get("ms").asLong() : 0;
    }

    private String text(String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** A short human description, e.g. {@code send c1 "bind u1"}. */
    public String describe() {
        switch (op) {
            case CONNECT:
                return "connect " + client() + " (" + proto() + (isWebSocket() ? " " + path() : "") + ")";
            case SEND: {
                String d = json.hasNonNull("data_hex") ? "hex " + text("data_hex") : "\"" + abbreviate(text("data")) + "\"";
                return "send " + client() + " " + d + (json.has("repeat") ? " x" + json.get("repeat").asInt() : "");
            }
            case CLOSE:
                return "close " + client();
            case CALL:
                return "call " + method() + abbreviate(args().toString());
            case WAIT:
            default:
                return "wait " + ms() + " ms";
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
