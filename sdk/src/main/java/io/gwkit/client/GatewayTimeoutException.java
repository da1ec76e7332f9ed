package io.gwkit.client;

/** A gateway or register did not answer within the configured time (connect or reply timeout). */
public final class GatewayTimeoutException extends GatewayClientException {
    private static final long serialVersionUID = 1L;

    public GatewayTimeoutException(String operation, String address, String problem, Throwable cause) {
        super(operation, address, problem, cause);
    }

    @Override
    public GatewayTimeoutException withOperation(String operation) {
        return new GatewayTimeoutException(operation, address(), problem(), getCause());
    }
}
