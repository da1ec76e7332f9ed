package io.gwkit.testkit;

import io.gwkit.php.PhpSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One queued answer of a {@link MockGateway} to a request that expects a reply (docs/PROTOCOL.md: u32 length,
 * then a PHP-serialized value). Immutable.
 */
public final class MockReply {

    private final byte[] serialized;
    private final Duration delay;

    private MockReply(byte[] serialized, Duration delay) {
        this.serialized = serialized;
        this.delay = delay;
    }

    /**
     * The reply carrying {@code phpValue} as PHP's {@code serialize} writes it: null, Boolean, Long/Integer,
     * Double, String, byte[], List, Map or {@link io.gwkit.php.PhpArray}.
     */
    public static MockReply value(Object phpValue) {
        return new MockReply(PhpSerializer.serialize(phpValue), Duration.ZERO);
    }

    /** The reply with these serialized bytes, e.g. {@code "i:1;"} or {@code "a:0:{}"}. */
    public static MockReply serialized(String serialized) {
        return serialized(serialized.getBytes(StandardCharsets.UTF_8));
    }

    /** The reply with these serialized bytes, sent as they are (they need not be valid). */
    public static MockReply serialized(byte[] serialized) {
        return new MockReply(serialized.clone(), Duration.ZERO);
    }

    /** This reply, sent {@code delay} after the request arrived (for timeout tests). */
    public MockReply delayed(Duration delay) {
        return new MockReply(serialized, Objects.requireNonNull(delay, "delay"));
    }

    byte[] serializedBytes() {
        return serialized;
    }

    Duration delay() {
        return delay;
    }

    @Override
    public String toString() {
        return "MockReply[" + new String(serialized, StandardCharsets.UTF_8)
                + (delay.isZero() ? "" : ", delayed " + delay) + "]";
    }
}
