package io.gwkit.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.gwkit.client.GatewayClient;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.php.PhpSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Performs call steps with this project's Java SDK, configured to behave on the wire as PHP's
 * GatewayClient does in a fresh process: a register lookup per call (no cache, no subscription), a new
 * connection per call, answers of reachable gateways merged, a client_id's gateway dialed without asking the
 * register. The result is {@code invoke}'s PHP value,
 * json_encoded and serialized as PHP would.
 */
public final class SdkCallExecutor implements CallExecutor, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final GatewayClient base;

    public SdkCallExecutor() {
        // never used for calls itself: it owns the I/O threads every per-call client shares
        this.base = GatewayClient.builder().registerAddress("127.0.0.1:1").ioThreads(1).build();
    }

    @Override
    public Reply call(String method, JsonNode args, Context context) throws Exception {
        Object decoded = PhpJson.decode(args.toString());
        List<Object> phpArgs = decoded instanceof PhpArray ? new ArrayList<>(((PhpArray) decoded).values()) : List.of();
        try (GatewayClient client = base.newBuilder()
                .registerAddresses(List.of(context.registerAddress()))
                .secretKey(context.secretKey())
                .connectionPerCall(true)
                .registerCacheTtl(Duration.ZERO)
                .registerPush(false)
                .bestEffortFanOut(true)
                .dialUnlistedGateways(true)
                .addressTranslator(context.innerRoute())
                .build()) {
            Object value = client.invoke(method, phpArgs);
            return new Reply(JSON.readTree(PhpJson.encode(value)), PhpSerializer.serialize(value), "", null);
        } catch (RuntimeException e) {
            return new Reply(JSON.nullNode(), "N;".getBytes(StandardCharsets.UTF_8), "",
                    e.getClass().getName() + ": " + e.getMessage());
        }
    }

    @Override
    public boolean routesInnerConnections() {
        return true;
    }

    @Override
    public void close() {
        base.close();
    }
}
