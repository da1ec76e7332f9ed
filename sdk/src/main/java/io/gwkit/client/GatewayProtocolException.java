package io.gwkit.client;

/**
 * A peer sent bytes that break the protocol (a reply that is not PHP-serialized, a reply over the size
 * limit, a register line that is not the expected JSON). The cause is the decoder's
 * {@link io.gwkit.protocol.ProtocolException} when there is one.
 */
public final class GatewayProtocolException extends GatewayClientException {
    private static final long serialVersionUID = 1L;

    public GatewayProtocolException(String operation, String address, String problem, Throwable cause) {
        super(operation, address, problem, cause);
    }

    @Override
    public GatewayProtocolException withOperation(String operation) {
        return new GatewayProtocolException(operation, address(), problem(), getCause());
    }
}
