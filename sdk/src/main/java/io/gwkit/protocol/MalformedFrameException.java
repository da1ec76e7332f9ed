package io.gwkit.protocol;

/** A frame, reply or line whose bytes contradict the protocol (lying lengths, bad header, bad JSON). */
public class MalformedFrameException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
