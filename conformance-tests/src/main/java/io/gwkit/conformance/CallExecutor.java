package io.gwkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Performs the {@code call} steps of a scenario: one GatewayClient method call, as PHP's static
 * {@code GatewayClient\Gateway::<method>(...args)} would do it, against the given register.
 */
public interface CallExecutor {

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
     * @param args            JSON arguments, {@code $cN} placeholders already resolved; objects are PHP
     *                        associative arrays
     * @param registerAddress {@code host:port} of the register to ask for gateway addresses
     * @param secretKey       the cluster's secret key, "" for none
     */
    Reply call(String method, JsonNode args, String registerAddress, String secretKey) throws Exception;
}
