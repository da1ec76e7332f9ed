package io.gwkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A blocking raw-socket websocket client that can misbehave: writes any frame (masked or not, any declared
 * length, any opcode), reads the server's frames one by one, or stops reading altogether.
 */
public final class WsPeer implements AutoCloseable {

    public static final String UPGRADE = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    /** One frame from the server: its first byte (FIN, opcode) and payload. */
    public record Frame(int firstByte, byte[] payload) {
        public int opcode() {
            return firstByte & 0x0F;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame (0 when it carries none). */
        public int closeCode() {
            return payload.length < 2 ? 0 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** Connects without the upgrade request. A positive receiveBuffer is set before connecting. */
    public WsPeer(InetSocketAddress address, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(address, InnerPeer.READ_TIMEOUT_MS);
        socket.setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects and completes the upgrade (reads the 101 head). */
    public static WsPeer open(InetSocketAddress address) throws IOException {
        WsPeer peer = new WsPeer(address, 0);
        peer.sendRaw(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
        String head = peer.readHttpHead();
        if (!head.startsWith("HTTP/1.1 101 ")) {
            throw new IOException("no 101: " + head);
        }
        return peer;
    }

    public WsPeer sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public WsPeer sendText(String text) throws IOException {
        return sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A masked frame with this first byte and payload. */
    public WsPeer sendFrame(int firstByte, byte[] payload) throws IOException {
        return sendRaw(frame(firstByte, payload, true));
    }

    /** Frame bytes as a client sends them (mask key 0x37fa213d when masked). */
    public static byte[] frame(int firstByte, byte[] payload, boolean masked) {
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        int n = payload.length;
        if (n <= 125) {
            b.write(maskBit | n);
        } else if (n <= 0xFFFF) {
            b.write(maskBit | 126);
            b.write(n >>> 8);
            b.write(n);
        } else {
            b.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                b.write((int) ((long) n >>> shift));
            }
        }
        if (masked) {
            b.writeBytes(key);
            for (int i = 0; i < n; i++) {
                b.write(payload[i] ^ key[i & 3]);
            }
        } else {
            b.writeBytes(payload);
        }
        return b.toByteArray();
    }

    /** The next frame from the server (servers do not mask). */
    public Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        if (len > Integer.MAX_VALUE - 8) {
            throw new IOException("frame too long: " + len);
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0, payload);
    }

    /** The next text or binary frame, skipping control frames. */
    public Frame readMessage() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() < 8) {
                return f;
            }
        }
    }

    public String readHttpHead() throws IOException {
        return LinePeer.readHttpHead(in);
    }

    public byte[] readToEof() throws IOException {
        return in.readAllBytes();
    }

    /** True when the server closed the connection (EOF or reset) before the read timeout. */
    public boolean closedByPeer() {
        return LinePeer.closedByPeer(in);
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
