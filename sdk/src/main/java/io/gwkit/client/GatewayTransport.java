package io.gwkit.client;

import io.gwkit.protocol.GatewayFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How GatewayClient operations reach the gateways. The SDK's pooled Netty transport is one
 * implementation; a BusinessWorker provides another (its existing worker connections) and reuses the
 * whole API through {@link io.gwkit.client.AsyncGatewayClient#over(GatewayTransport)}.
 *
 * <p>Futures fail with the {@code io.gwkit.client} exception types ({@code GatewayUnavailableException},
 * {@code GatewayTimeoutException}, {@code GatewayProtocolException}, {@code RegisterUnavailableException});
 * messages should name the address. Implementations must be thread-safe.
 */
public interface GatewayTransport {

    /**
     * The inner addresses ({@code ip:port}) of every gateway of the cluster, in the order the register
     * lists them. May be empty (then broadcasts reach nobody and queries merge nothing).
     */
    CompletableFuture<List<String>> gatewayAddresses();

    /** Writes one frame to the gateway at {@code innerAddress}; completes once written. */
    CompletableFuture<Void> send(String innerAddress, GatewayFrame frame);

    /**
     * Writes one request frame and completes with the serialized bytes of the gateway's reply (the
     * reply's u32 length prefix removed).
     */
    CompletableFuture<byte[]> request(String innerAddress, GatewayFrame frame);

    /**
     * The client_id of the end client whose event is being handled, when the API runs inside a worker
     * event handler; {@code null} elsewhere. Only {@code destoryCurrentClient} uses it.
     */
    default String currentClientId() {
        return null;
    }
}
