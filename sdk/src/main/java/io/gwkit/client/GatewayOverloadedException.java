package io.gwkit.client;

/**
 * A call was refused at once because its connection to the gateway already holds
 * {@link GatewayClient.Builder#maxQueuedBytes} of calls not yet written to the socket (the gateway, or the network,
 * takes them slower than they are made). Nothing of the refused call was sent; the earlier calls still go out in
 * order. Slow down, or retry later.
 */
public final class GatewayOverloadedException extends GatewayClientException {
    private static final long serialVersionUID = 1L;

    public GatewayOverloadedException(String operation, String address, String problem, Throwable cause) {
        super(operation, address, problem, cause);
    }

    @Override
    public GatewayOverloadedException withOperation(String operation) {
        return new GatewayOverloadedException(operation, address(), problem(), getCause());
    }
}
