package io.gwkit.protocol;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.php.PhpJsonException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The lines of the register link (docs/PROTOCOL.md §2), without their trailing {@code \n}.
 * {@code gateway_connect} and {@code worker_connect} are rendered as PHP builds them by hand (secret
 * verbatim, gateway_connect with ", " separators); {@code broadcast_addresses} as json_encode does.
 *
 * <p>Because PHP splices the secret in unescaped, a secret holding {@code "}, {@code \} or a control
 * character produces a line that does not parse back to the same secret (or at all), exactly as with PHP.
 */
public sealed interface RegisterMessage {

    /** The line as PHP writes it, without the trailing newline. */
    String toLine();

    record GatewayConnect(String address, String secretKey) implements RegisterMessage {
        public GatewayConnect {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(secretKey, "secretKey");
        }

        @Override
        public String toLine() {
            return "{\"event\":\"gateway_connect\", \"address\":\"" + address + "\", \"secret_key\":\"" + secretKey + "\"}";
        }
    }

    record WorkerConnect(String secretKey) implements RegisterMessage {
        public WorkerConnect {
            Objects.requireNonNull(secretKey, "secretKey");
        }

        @Override
        public String toLine() {
            return "{\"event\":\"worker_connect\",\"secret_key\":\"" + secretKey + "\"}";
        }
    }

    record Ping() implements RegisterMessage {
        @Override
        public String toLine() {
            return "{\"event\":\"ping\"}";
        }
    }

    /**
     * The register's address list. Rendered as a JSON list; note that PHP's register de-duplicates with
     * {@code array_unique}, which leaves index gaps, so a PHP register announcing the same address twice
     * sends an object ({@code {"0":"a","2":"b"}}) — {@link #parse} accepts both shapes.
     */
    record BroadcastAddresses(List<String> addresses) implements RegisterMessage {
        public BroadcastAddresses {
            addresses = List.copyOf(addresses);
        }

        @Override
        public String toLine() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", "broadcast_addresses");
            m.put("addresses", addresses);
            return PhpJson.encode(m);
        }
    }

    /**
     * Parses one line (trailing {@code \r\n} already stripped or not). Throws {@link MalformedFrameException}
     * for non-JSON, a non-object, a missing/unknown event or missing fields. A missing {@code secret_key}
     * reads as {@code ""}, as PHP's register treats it.
     */
    static RegisterMessage parse(String line) {
        String text = stripLineEnd(line);
        Object json;
        try {
            json = PhpJson.decode(text);
        } catch (PhpJsonException e) {
            throw new MalformedFrameException("register line is not JSON (" + e.getMessage() + "): " + abbreviate(text), e);
        }
        if (!(json instanceof PhpArray)) {
            throw new MalformedFrameException("register line is not a JSON object: " + abbreviate(text));
        }
        PhpArray message = (PhpArray) json;
        Object event = message.get("event");
        if (!(event instanceof String) || ((String) event).isEmpty()) {
            throw new MalformedFrameException("register line has no event: " + abbreviate(text));
        }
        switch ((String) event) {
            case "gateway_connect": {
                Object address = message.get("address");
                if (!(address instanceof String) || ((String) address).isEmpty()) {
                    throw new MalformedFrameException("gateway_connect without an address: " + abbreviate(text));
                }
                return new GatewayConnect((String) address, secretKey(message, text));
            }
            case "worker_connect":
                return new WorkerConnect(secretKey(message, text));
            case "ping":
                return new Ping();
            case "broadcast_addresses":
                return new BroadcastAddresses(addresses(message, text));
            default:
                throw new MalformedFrameException("unknown register event \"" + event + "\": " + abbreviate(text));
        }
    }

    private static String secretKey(PhpArray message, String text) {
        if (!message.containsKey("secret_key")) {
            return "";
        }
        Object key = message.get("secret_key");
        if (!(key instanceof String)) {
            throw new MalformedFrameException("secret_key is not a string: " + abbreviate(text));
        }
        return (String) key;
    }

    private static List<String> addresses(PhpArray message, String text) {
        Object list = message.get("addresses");
        if (!(list instanceof PhpArray)) {
            throw new MalformedFrameException("broadcast_addresses without an address list: " + abbreviate(text));
        }
        List<String> addresses = new ArrayList<>();
        for (Object a : ((PhpArray) list).values()) {
            if (!(a instanceof String)) {
                throw new MalformedFrameException("broadcast_addresses holds a non-string address: " + abbreviate(text));
            }
            addresses.add((String) a);
        }
        return addresses;
    }

    /** PHP's text protocol strips trailing CR/LF from a received line. */
    private static String stripLineEnd(String line) {
        if (line == null) {
            throw new MalformedFrameException("register line is null");
        }
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }
}
