package io.gwkit.protocol;

/** A client_id that is not 20 hexadecimal characters. The message quotes it. */
public class InvalidClientIdException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidClientIdException(String message) {
        super(message);
    }
}
