package io.gwkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.UnaryOperator;

/**
 * Performs the {@code call} steps of a scenario: one GatewayClient method call, as PHP's static
 * {@code GatewayClient\Gateway::<method>(...args)} does it in a fresh process, against the given register.
 */
public interface CallExecutor {

    /**
     * Where and how to call.
     *
     * @param registerAddress {@code host:port} of the register to ask for gateway addresses
     * @param secretKey       the cluster's secret key, "" for none
     * @param innerRoute      maps a gateway inner address (as announced or encoded in a client_id) to the
     *                        address to connect to (a recording proxy); identity when none
     */
    record Context(String registerAddress, String secretKey, UnaryOperator<String> innerRoute) {
    }

    /**
     * What a call returned.
     *
     * @param result     the return value as json_encode prints it, parsed back to JSON
     * @param serialized serialize() of the return value
     * @param output     text the library printed (warnings), may be empty
     * @param exception  {@code Class: message} when the call threw, else null
     */
    record Reply(JsonNode result, byte[] serialized, String output, String exception) {
    }

    /**
     * @param args JSON arguments, {@code $cN} placeholders already resolved; objects are PHP associative arrays
     */
    Reply call(String method, JsonNode args, Context context) throws Exception;

    /** Whether calls connect to gateways through {@link Context#innerRoute()} (so they can be recorded). */
    default boolean routesInnerConnections() {
        return false;
    }
}
