package io.gwkit.client.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpValues;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.InvalidClientIdException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** client_id arguments as PHP's GatewayClient takes them, and the gateway each one names. */
final class ClientIds {

    private static final Map<Long, String> ADDRESSES = new ConcurrentHashMap<>();

    private ClientIds() {
    }

    /** A client_id argument: a string, or a scalar PHP converts to one. */
    static ClientId clientId(Object clientId) {
        if (clientId instanceof String) {
            return ClientId.parse((String) clientId);
        }
        if (clientId == null) {
            throw new InvalidClientIdException("client_id is null");
        }
        if (PhpValues.isScalar(clientId)) {
            return ClientId.parse(PhpValues.toPhpString(clientId));
        }
        throw new InvalidClientIdException("client_id must be a string, got an array");
    }

    /** The gateway address of a client_id; cached, as the same few gateways come up on every call. */
    static String address(ClientId id) {
        long key = id.localIp() << 16 | id.localPort();
        String a = ADDRESSES.get(key);
        if (a == null) {
            a = id.gatewayAddress();
            if (ADDRESSES.size() < 4096) {
                ADDRESSES.put(key, a);
            }
        }
        return a;
    }

    static Map<String, PhpArray> connectionsByGateway(PhpArray clientIds) {
        Map<String, PhpArray> byGateway = new LinkedHashMap<>();
        for (Object cid : clientIds.values()) {
            ClientId id = clientId(cid);
            byGateway.computeIfAbsent(address(id), a -> new PhpArray()).put(id.connectionId(), id.connectionId());
        }
        return byGateway;
    }
}
