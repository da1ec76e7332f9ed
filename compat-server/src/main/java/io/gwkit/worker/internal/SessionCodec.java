package io.gwkit.worker.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpSerializer;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions as the worker sees them: untrusted serialized strings from the gateway. Anything that is not a
 * serialized array (garbage, objects, scalars, over the limits) gives the client an empty session and a log
 * line; nothing is ever instantiated.
 */
final class SessionCodec {

    private static final Logger LOG = LoggerFactory.getLogger(SessionCodec.class);
    /** Sessions are small maps; these limits stop a hostile one early. */
    static final PhpSerializer.Limits LIMITS = new PhpSerializer.Limits(32, 100_000, 16 * 1024 * 1024);

    private SessionCodec() {
    }

    /** One checksum per thread that handles events, reset for each: none allocated per event. */
    private static final ThreadLocal<CRC32> CRC = ThreadLocal.withInitial(CRC32::new);

    /** PHP's crc32() of the session string: the worker's "session version". */
    static long crc32(byte[] session) {
        if (session == null || session.length == 0) {
            return 0; // crc32('')
        }
        CRC32 crc = CRC.get();
        crc.reset();
        crc.update(session);
        return crc.getValue();
    }

    /**
     * Decodes a session string; null for an empty string or {@code N;} (no session). Returns an empty array
     * (and logs) for anything else that is not an array.
     */
    static PhpArray decode(byte[] serialized, String clientId) {
        return decodeArray(serialized, clientId, "session");
    }

    /**
     * Like {@link #decode} for any serialized array from a gateway; {@code what} names it in the log (null:
     * the caller has logged already, replace without a line).
     */
    static PhpArray decodeArray(byte[] serialized, String clientId, String what) {
        if (serialized == null || serialized.length == 0) {
            return null;
        }
        Object value;
        try {
            value = PhpSerializer.unserialize(serialized, LIMITS);
        } catch (RuntimeException e) { // ProtocolException, or any decoder bug: confined to this client
            if (what == null) {
                return new PhpArray();
            }
            LOG.warn("client {}: undecodable {} ({} bytes) replaced by an empty one: {}",
                    clientId, what, serialized.length, e.getMessage());
            return new PhpArray();
        }
        if (value == null) {
            return null;
        }
        if (!(value instanceof PhpArray)) {
            if (what == null) {
                return new PhpArray();
            }
            LOG.warn("client {}: {} is a {} and not an array; replaced by an empty one",
                    clientId, what, value.getClass().getSimpleName());
            return new PhpArray();
        }
        return (PhpArray) value;
    }
}
