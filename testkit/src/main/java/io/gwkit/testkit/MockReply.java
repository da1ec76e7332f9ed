package io.gwkit.testkit;

import io.gwkit.php.PhpSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One queued answer of a {@link MockGateway} to a request that expects a reply (docs/PROTOCOL.md: u32 length,
 * then a PHP-serialized value), or a way not to answer it ({@link #disconnect()}). Immutable.
 */
public final class MockReply {

    private final byte[] wire; // what goes on the socket; null: close the connection instead
    private final Duration delay;

    private MockReply(byte[] wire, Duration delay) {
        this.wire = wire;
        this.delay = delay;
    }

    /**
     * The reply carrying {@code phpValue} as PHP's {@code serialize} writes it: null, Boolean, Long/Integer,
     * Double, String, byte[], List, Map or {@link io.gwkit.php.PhpArray}.
     */
    public static MockReply value(Object phpValue) {
        return serialized(PhpSerializer.serialize(phpValue));
    }

    /** The reply with these serialized bytes, e.g. {@code "i:1;"} or {@code "a:0:{}"}. */
    public static MockReply serialized(String serialized) {
        return serialized(serialized.getBytes(StandardCharsets.UTF_8));
    }

    /** The reply with these serialized bytes, sent as they are (they need not be valid). */
    public static MockReply serialized(byte[] serialized) {
        return new MockReply(ByteBuffer.allocate(4 + serialized.length).putInt(serialized.length).put(serialized)
                .array(), Duration.ZERO);
    }

    /**
     * The reply with these bytes as the whole answer, length prefix included, sent as they are: a captured
     * reply, or a length that does not match (e.g. {@code {0x7f, 0, 0, 0}} announces a 2 GB reply).
     */
    public static MockReply wire(byte[] wire) {
        return new MockReply(wire.clone(), Duration.ZERO);
    }

    /**
     * Instead of answering, close the request's connection, as a gateway that dies holding the request does
     * (for one request; {@link Fault#DISCONNECT_AFTER_REQUEST} does so for every request).
     */
    public static MockReply disconnect() {
        return new MockReply(null, Duration.ZERO);
    }

    /** This reply, sent {@code delay} after the request arrived (for timeout tests). */
    public MockReply delayed(Duration delay) {
        return new MockReply(wire, Objects.requireNonNull(delay, "delay"));
    }

    /** The bytes to write, or null to close the connection. */
    byte[] wireBytes() {
        return wire;
    }

    Duration delay() {
        return delay;
    }

    @Override
    public String toString() {
        return "MockReply[" + (wire == null ? "disconnect" : new String(wire, StandardCharsets.ISO_8859_1))
                + (delay.isZero() ? "" : ", delayed " + delay) + "]";
    }
}
