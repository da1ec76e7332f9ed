package io.gwkit.client;

/** No register could be asked for the gateway list: every address refused, timed out or answered garbage. */
public final class RegisterUnavailableException extends GatewayClientException {
    private static final long serialVersionUID = 1L;

    public RegisterUnavailableException(String operation, String address, String problem, Throwable cause) {
        super(operation, address, problem, cause);
    }

    @Override
    public RegisterUnavailableException withOperation(String operation) {
        return new RegisterUnavailableException(operation, address(), problem(), getCause());
    }
}
