package io.gwkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** A copy of a JSON tree with its strings replaced: the one walk behind "$c1" arguments and address mapping. */
public final class JsonStrings {

    private JsonStrings() {
    }

    /**
     * {@code node} with every string value replaced by {@code values.apply(it)} and every object key by
     * {@code keys.apply(it)}; other values are kept. Returns {@code node} itself for a scalar that is not a string.
     */
    public static JsonNode map(JsonNode node, Function<String, JsonNode> values, UnaryOperator<String> keys) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return values.apply(node.asText());
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(map(n, values, keys)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(keys.apply(e.getKey()), map(e.getValue(), values, keys));
            }
            return out;
        }
        return node;
    }
}
