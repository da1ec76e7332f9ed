package io.gwkit.php;

/** A serialized PHP object ({@code O:} / {@code C:}) or reference: refused, never instantiated. */
public class UnsupportedPhpObjectException extends PhpSerializeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedPhpObjectException(String message) {
        super(message);
    }
}
