package io.gwkit.client.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Everything the Netty transport needs, copied from the public builder.
 *
 * @param registerAddresses   register addresses, tried in order
 * @param secretKey           "" for none
 * @param addressTranslator   maps an announced address to the one to dial (NAT, containers, tests)
 * @param connectionsPerGateway pooled connections per gateway address (requests spread round-robin)
 * @param connectionPerCall   PHP style: a new connection per call, closed afterwards
 * @param registerPush        keep a worker_connect subscription open instead of polling with a TTL cache
 * @param dialUnlistedGateways PHP style: dial a client_id's gateway without checking the register's list
 * @param maxQueuedBytes      bytes of calls not yet written per connection past which a new call is refused
 */
public record TransportConfig(
        List<String> registerAddresses,
        String secretKey,
        Duration connectTimeout,
        Duration replyTimeout,
        Duration registerCacheTtl,
        int connectionsPerGateway,
        boolean connectionPerCall,
        boolean registerPush,
        int maxReplyLength,
        UnaryOperator<String> addressTranslator,
        boolean dialUnlistedGateways,
        long maxQueuedBytes) {

    /** The default {@link io.gwkit.client.GatewayClient.Builder#maxQueuedBytes}. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 64L * 1024 * 1024;
}
