package io.gwkit.client;

/** A gateway could not be connected to, or its connection broke before the operation completed. */
public final class GatewayUnavailableException extends GatewayClientException {
    private static final long serialVersionUID = 1L;

    public GatewayUnavailableException(String operation, String address, String problem, Throwable cause) {
        super(operation, address, problem, cause);
    }

    @Override
    public GatewayUnavailableException withOperation(String operation) {
        return new GatewayUnavailableException(operation, address(), problem(), getCause());
    }
}
