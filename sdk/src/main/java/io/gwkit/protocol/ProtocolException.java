package io.gwkit.protocol;

/**
 * Root of every error raised while reading or writing GatewayWorker wire data. Messages name the
 * offending value and, for limits, the actual and the allowed numbers.
 */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
