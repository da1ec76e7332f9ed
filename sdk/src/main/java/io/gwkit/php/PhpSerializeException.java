package io.gwkit.php;

import io.gwkit.protocol.ProtocolException;

/** PHP-serialized bytes that cannot be decoded: bad token, lying length, truncation, or a limit exceeded. */
public class PhpSerializeException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public PhpSerializeException(String message) {
        super(message);
    }
}
