package io.gwkit.client;

/**
 * Root of the SDK's failures. Every message names the operation and the address concerned, e.g.
 * {@code isOnline: no reply from gateway 127.0.0.1:2900 within 5000 ms}.
 */
public abstract class GatewayClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String address;
    private final String operation;
    private final String problem;

    protected GatewayClientException(String operation, String address, String problem, Throwable cause) {
        super(render(operation, problem), cause);
        this.operation = operation;
        this.address = address;
        this.problem = problem;
    }

    private static String render(String operation, String problem) {
        return operation == null ? problem : operation + ": " + problem;
    }

    /** The register or gateway address the failure concerns. */
    public String address() {
        return address;
    }

    /** The PHP-named operation ({@code sendToUid}) or, below the API layer, the command; may be null. */
    public String operation() {
        return operation;
    }

    /** The message without the operation prefix. */
    public String problem() {
        return problem;
    }

    /** The same failure attributed to {@code operation}; used by the API layer to name the method called. */
    public abstract GatewayClientException withOperation(String operation);
}
