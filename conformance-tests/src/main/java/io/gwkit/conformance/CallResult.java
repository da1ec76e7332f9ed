package io.gwkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of one {@code call} step (a gwcap result line).
 *
 * @param result            the return value as PHP json_encode prints it, parsed back to JSON
 * @param resultSerialized  PHP serialize() of the return value
 * @param output            text the client library printed (never compared)
 * @param exception         {@code Class: message} when the call threw, else null
 */
public record CallResult(int index, long order, int step, String method, JsonNode result, byte[] resultSerialized,
                         String output, String exception) {

    public CallResult withIndex(int i) {
        return new CallResult(i, order, step, method, result, resultSerialized, output, exception);
    }
}
