package io.gwkit.protocol;

import io.gwkit.php.PhpSerializer;

/**
 * A gateway's reply to a request command: on the wire {@code u32 length} then that many bytes of a
 * PHP-serialized value. Not a frame.
 */
public record GatewayReply(byte[] serialized) {

    public Object value() {
        return PhpSerializer.unserialize(serialized);
    }

    public Object value(PhpSerializer.Limits limits) {
        return PhpSerializer.unserialize(serialized, limits);
    }

    public static GatewayReply of(Object phpValue) {
        return new GatewayReply(PhpSerializer.serialize(phpValue));
    }
}
