package io.gwkit.torture;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Inner-link bytes, well-formed or lying (docs/PROTOCOL.md §3): headers with any pack_len/ext_len, frames, replies. */
final class InnerFrames {

    /** Replies larger than this are not read (the cases only ask for small answers). */
    static final int MAX_REPLY = 16 * 1024 * 1024;

    private InnerFrames() {
    }

    /** A bare 28-byte header whose length fields say whatever the case wants. */
    static byte[] header(long packLen, int cmd, long connectionId, int flag, long extLen) {
        ByteBuffer b = ByteBuffer.allocate(GatewayFrame.HEADER_LENGTH);
        b.putInt((int) packLen).put((byte) cmd).putInt(0).putShort((short) 0).putInt(0).putShort((short) 0)
                .putInt((int) connectionId).put((byte) flag).putShort((short) 0).putInt((int) extLen);
        return b.array();
    }

    /** A well-formed request frame (any command byte, known or not). */
    static byte[] frame(int cmd, long connectionId, int flag, byte[] ext, byte[] body) {
        return GatewayFrameCodec.encode(new GatewayFrame(cmd, 0, 0, 0, 0, connectionId, flag, 0, ext, body));
    }

    /** A request with string ext_data and an empty scalar body, as GatewayClient sends it. */
    static byte[] frame(int cmd, long connectionId, String ext) {
        return frame(cmd, connectionId, GatewayFrame.FLAG_SCALAR, utf8(ext), new byte[0]);
    }

    /** A request with an empty ext_data and a scalar string body (a message to deliver). */
    static byte[] message(int cmd, long connectionId, String ext, String body) {
        return frame(cmd, connectionId, GatewayFrame.FLAG_SCALAR, utf8(ext), utf8(body));
    }

    /** cmd 202 with the GatewayClient's JSON auth body. */
    static byte[] auth(String secret) {
        PhpArray body = new PhpArray();
        body.put("secret_key", secret);
        return frame(202, 0, GatewayFrame.FLAG_SCALAR, new byte[0], utf8(PhpJson.encode(body)));
    }

    /** One reply ({@code u32 len} + serialized value), or null when none came in time or the peer closed. */
    static byte[] readReply(RawConnection c, Duration timeout) throws IOException {
        byte[] len = c.readExactly(4, timeout);
        if (len == null) {
            return null;
        }
        long n = ByteBuffer.wrap(len).getInt() & 0xFFFF_FFFFL;
        if (n > MAX_REPLY) {
            throw new IOException("reply of " + n + " bytes announced");
        }
        return c.readExactly((int) n, timeout);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A short printable rendering of a reply or payload for the report line. */
    static String shorten(byte[] bytes) {
        if (bytes == null) {
            return "none";
        }
        String s = new String(bytes, 0, Math.min(bytes.length, 48), StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7e]", ".");
        return bytes.length > 48 ? s + "…(" + bytes.length + " bytes)" : s;
    }
}
