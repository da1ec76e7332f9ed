package io.gwkit.protocol;

import io.gwkit.php.PhpSerializer;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A gateway's reply to a request command: on the wire {@code u32 length} then that many bytes of a
 * PHP-serialized value. Not a frame.
 */
public record GatewayReply(byte[] serialized) {

    public GatewayReply {
        if (serialized == null) {
            throw new IllegalArgumentException("serialized is null");
        }
    }

    public Object value() {
        return PhpSerializer.unserialize(serialized);
    }

    public Object value(PhpSerializer.Limits limits) {
        return PhpSerializer.unserialize(serialized, limits);
    }

    public static GatewayReply of(Object phpValue) {
        return new GatewayReply(PhpSerializer.serialize(phpValue));
    }

    /** Writes the wire form: u32 length, then the serialized bytes. */
    public void writeTo(ByteBuf out) {
        out.writeInt(serialized.length);
        out.writeBytes(serialized);
    }

    /** The wire form: u32 length, then the serialized bytes. */
    public byte[] toBytes() {
        byte[] wire = new byte[4 + serialized.length];
        wire[0] = (byte) (serialized.length >>> 24);
        wire[1] = (byte) (serialized.length >>> 16);
        wire[2] = (byte) (serialized.length >>> 8);
        wire[3] = (byte) serialized.length;
        System.arraycopy(serialized, 0, wire, 4, serialized.length);
        return wire;
    }

    /**
     * Decodes one whole reply (length prefix included, nothing after it). Throws
     * {@link MalformedFrameException} when the prefix disagrees with the bytes, {@link FrameTooLongException}
     * when it exceeds {@code maxReplyLength}.
     */
    public static GatewayReply decode(byte[] wire, int maxReplyLength) {
        if (wire.length < 4) {
            throw new MalformedFrameException("short reply: " + wire.length + " bytes, the length prefix alone is 4");
        }
        long length = ((wire[0] & 0xFFL) << 24) | ((wire[1] & 0xFF) << 16) | ((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF);
        if (length > maxReplyLength) {
            throw new FrameTooLongException("reply length " + length + " exceeds the maximum reply length " + maxReplyLength);
        }
        if (length != wire.length - 4) {
            throw new MalformedFrameException("reply length " + length + " does not match the " + (wire.length - 4)
                    + " bytes after the prefix");
        }
        return new GatewayReply(Arrays.copyOfRange(wire, 4, wire.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatewayReply && Arrays.equals(serialized, ((GatewayReply) o).serialized);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serialized);
    }

    @Override
    public String toString() {
        return "GatewayReply{" + serialized.length + " bytes}";
    }
}
