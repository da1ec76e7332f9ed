package io.gwkit.php;

import io.gwkit.protocol.ProtocolException;

/**
 * JSON that PHP's json_encode / json_decode would refuse (returning false / null and setting
 * json_last_error): malformed UTF-8, INF/NAN, syntax errors, nesting beyond the depth limit.
 */
public class PhpJsonException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public PhpJsonException(String message) {
        super(message);
    }

    public PhpJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
