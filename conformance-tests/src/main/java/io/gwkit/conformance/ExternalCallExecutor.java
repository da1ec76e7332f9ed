package io.gwkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs each call in a new process, as the captures were made: the command gets
 * {@code {"method":..,"args":[..]}} on stdin and environment {@code REG_ADDR} and {@code SECRET}, and prints
 * one JSON line {@code {"result_json":"..","result_serialized":"..","output":"..","exception":null}}
 * (the protocol of the PHP peer's {@code gwcall.php}). This lets any GatewayClient implementation, in any
 * language, be checked.
 */
public final class ExternalCallExecutor implements CallExecutor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String command;

    public ExternalCallExecutor(String command) {
        this.command = command;
    }

    @Override
    public Reply call(String method, JsonNode args, Context context) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command);
        pb.environment().put("REG_ADDR", context.registerAddress());
        pb.environment().put("SECRET", context.secretKey());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        ObjectNode req = JSON.createObjectNode();
        req.put("method", method);
        req.set("args", args);
        try (OutputStream os = p.getOutputStream()) {
            os.write(JSON.writeValueAsBytes(req));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("call command did not finish within 30 s");
        }
        String last = out.substring(out.lastIndexOf('\n') + 1);
        JsonNode r;
        try {
            r = JSON.readTree(last);
        } catch (IOException e) {
            throw new IOException("call command printed no JSON report: " + out, e);
        }
        JsonNode result = JSON.readTree(r.path("result_json").asText("null"));
        byte[] ser = r.hasNonNull("result_serialized_hex")
                ? Hex.decode(r.get("result_serialized_hex").asText())
                : r.path("result_serialized").asText("N;").getBytes(StandardCharsets.UTF_8);
        return new Reply(result, ser, r.path("output").asText(""),
                r.hasNonNull("exception") ? r.get("exception").asText() : null);
    }
}
