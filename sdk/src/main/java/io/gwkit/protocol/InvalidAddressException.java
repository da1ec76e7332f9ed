package io.gwkit.protocol;

/** A {@code host:port} text that is not one (see {@link HostPort#parse}); the message quotes the text. */
public final class InvalidAddressException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param address the text as given; {@code problem} says what is wrong with it */
    public InvalidAddressException(String address, String problem) {
        super(problem + ": \"" + address + "\" (expected host:port, or [ipv6]:port)");
    }
}
