package io.gwkit.protocol;

import java.util.List;

/**
 * The lines of the register link (PROTOCOL.md §2), without their trailing {@code \n}.
 * {@code gateway_connect} and {@code worker_connect} are rendered as PHP builds them by hand (secret
 * verbatim, gateway_connect with ", " separators); {@code broadcast_addresses} as json_encode does.
 */
public sealed interface RegisterMessage {

    /** The line as PHP writes it, without the trailing newline. */
    String toLine();

    record GatewayConnect(String address, String secretKey) implements RegisterMessage {
        @Override
        public String toLine() {
            return "{\"event\":\"gateway_connect\", \"address\":\"" + address + "\", \"secret_key\":\"" + secretKey + "\"}";
        }
    }

    record WorkerConnect(String secretKey) implements RegisterMessage {
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

    record BroadcastAddresses(List<String> addresses) implements RegisterMessage {
        @Override
        public String toLine() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("event", "broadcast_addresses");
            m.put("addresses", addresses);
            return io.gwkit.php.PhpJson.encode(m);
        }
    }

    /**
     * Parses one line (trailing {@code \r\n} already stripped or not). Throws {@link MalformedFrameException}
     * for non-JSON, a non-object, a missing/unknown event or missing fields.
     */
    static RegisterMessage parse(String line) {
        throw new UnsupportedOperationException("TODO");
    }
}
