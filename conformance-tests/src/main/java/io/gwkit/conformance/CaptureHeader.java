package io.gwkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Line 1 of a gwcap file, or a scenario definition ({@code scenarios/<name>.json}), which has the same
 * {@code scenario}, {@code description}, {@code secret_key} and {@code steps} fields.
 */
public final class CaptureHeader {

    /** The canonical deployment of docs/CAPTURE-FORMAT.md, used when a scenario definition names none. */
    public static final String DEFAULT_REGISTER = "127.0.0.1:1236";
    public static final String DEFAULT_TEXT = "127.0.0.1:8282";
    public static final String DEFAULT_WS = "127.0.0.1:8283";
    public static final List<String> DEFAULT_INNER = List.of("127.0.0.1:2900", "127.0.0.1:2901");

    private final ObjectNode json;
    private final List<Step> steps;

    public CaptureHeader(ObjectNode json) {
        this.json = json;
        List<Step> s = new ArrayList<>();
        JsonNode arr = json.get("steps");
        if (arr == null || !arr.isArray()) {
            throw new IllegalArgumentException("scenario \"" + scenario() + "\" has no steps list");
        }
        arr.forEach(n -> s.add(Step.of(n)));
        this.steps = Collections.unmodifiableList(s);
    }

    public ObjectNode json() {
        return json;
    }

    public String scenario() {
        return text("scenario", "?");
    }

    public String source() {
        return text("source", "");
    }

    public String description() {
        return text("description", "");
    }

    public String secretKey() {
        return text("secret_key", "");
    }

    public List<Step> steps() {
        return steps;
    }

    /** Client name to the client_id learned from its welcome message (null when it got none). */
    public Map<String, String> clientIds() {
        Map<String, String> m = new LinkedHashMap<>();
        JsonNode n = json.get("client_ids");
        if (n != null) {
            n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        }
        return m;
    }

    public String registerAddress() {
        return deployment("register", DEFAULT_REGISTER);
    }

    public String textGatewayAddress() {
        return deployment("gateway_text", DEFAULT_TEXT);
    }

    public String wsGatewayAddress() {
        return deployment("gateway_ws", DEFAULT_WS);
    }

    public List<String> innerAddresses() {
        JsonNode d = json.path("deployment").path("inner");
        if (!d.isArray()) {
            return DEFAULT_INNER;
        }
        List<String> out = new ArrayList<>();
        d.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Whether this scenario is about cluster startup, so that step-null frames are compared. */
    public boolean isStartupScenario() {
        return scenario().startsWith("startup");
    }

    private String deployment(String field, String dflt) {
        JsonNode n = json.path("deployment").get(field);
        return n == null || n.isNull() ? dflt : n.asText();
    }

    private String text(String field, String dflt) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? dflt : n.asText();
    }
}
