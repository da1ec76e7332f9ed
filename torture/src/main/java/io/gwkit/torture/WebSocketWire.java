package io.gwkit.torture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** RFC 6455 client bytes, honest or not: handshakes, frames with any mask/length/opcode, and frame reading. */
final class WebSocketWire {

    /** The mask key of the conformance test clients (docs/CAPTURE-FORMAT.md). */
    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};
    private static final int MAX_RESPONSE = 64 * 1024;
    private static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    /** One received frame. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private WebSocketWire() {
    }

    static byte[] handshake(String host, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The response head up to and including the blank line; null when the peer closed or was silent. */
    static String readResponseHead(RawConnection c, Duration timeout) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (head.size() < MAX_RESPONSE) {
            byte[] line = c.readLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line == null) {
                return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(line);
            head.write('\n');
            if (line.length == 0) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status code of a response head ("HTTP/1.1 101 ..."), or -1. */
    static int status(String head) {
        if (head == null || !head.startsWith("HTTP/")) {
            return -1;
        }
        String[] parts = head.split(" ", 3);
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1].trim()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static byte[] frame(int opcode, boolean fin, boolean masked, byte[] payload) {
        byte[] head = header(opcode, fin, masked, payload.length);
        ByteBuffer b = ByteBuffer.allocate(head.length + payload.length);
        b.put(head);
        for (int i = 0; i < payload.length; i++) {
            b.put(masked ? (byte) (payload[i] ^ MASK[i & 3]) : payload[i]);
        }
        return b.array();
    }

    static byte[] text(String s) {
        return frame(0x1, true, true, s.getBytes(StandardCharsets.UTF_8));
    }

    /** A frame header (with mask key when masked) declaring {@code length} payload bytes. */
    static byte[] header(int opcode, boolean fin, boolean masked, long length) {
        ByteBuffer b = ByteBuffer.allocate(14);
        b.put((byte) ((fin ? 0x80 : 0) | opcode));
        int m = masked ? 0x80 : 0;
        if (length < 126) {
            b.put((byte) (m | length));
        } else if (length <= 0xFFFF) {
            b.put((byte) (m | 126)).putShort((short) length);
        } else {
            b.put((byte) (m | 127)).putLong(length);
        }
        if (masked) {
            b.put(MASK);
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** The next frame from the server (never masked); null on EOF or timeout. */
    static Frame readFrame(RawConnection c, Duration timeout) throws IOException {
        byte[] h = c.readExactly(2, timeout);
        if (h == null) {
            return null;
        }
        long len = h[1] & 0x7f;
        if (len == 126) {
            byte[] l = c.readExactly(2, timeout);
            if (l == null) {
                return null;
            }
            len = ByteBuffer.wrap(l).getShort() & 0xFFFF;
        } else if (len == 127) {
            byte[] l = c.readExactly(8, timeout);
            if (l == null) {
                return null;
            }
            len = ByteBuffer.wrap(l).getLong();
        }
        if (len < 0 || len > MAX_PAYLOAD) {
            throw new IOException("server frame of " + len + " bytes");
        }
        byte[] mask = (h[1] & 0x80) != 0 ? c.readExactly(4, timeout) : null;
        byte[] payload = c.readExactly((int) len, timeout);
        if (payload == null) {
            return null;
        }
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame((h[0] & 0x80) != 0, h[0] & 0x0f, payload);
    }

    /** Reads frames until the demo app's welcome (true) or EOF/timeout (false); broadcasts may come first. */
    static boolean awaitWelcome(RawConnection c, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Frame f = readFrame(c, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (f == null) {
                return false;
            }
            if (f.opcode() == 0x1 && f.text().startsWith(TextClient.WELCOME)) {
                return true;
            }
        }
        return false;
    }

    /** Reads frames until a text frame equal to {@code expected} (true) or EOF/timeout (false). */
    static boolean awaitText(RawConnection c, String expected, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Frame f = readFrame(c, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (f == null) {
                return false;
            }
            if (f.opcode() == 0x1 && f.text().equals(expected)) {
                return true;
            }
        }
        return false;
    }
}
