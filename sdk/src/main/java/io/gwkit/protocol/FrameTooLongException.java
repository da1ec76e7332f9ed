package io.gwkit.protocol;

/** A frame, reply or line that declares or reaches more bytes than the configured limit. */
public class FrameTooLongException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public FrameTooLongException(String message) {
        super(message);
    }
}
