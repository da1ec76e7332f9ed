package io.gwkit.conformance.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.FrameKind;
import io.gwkit.conformance.Link;
import io.gwkit.conformance.Step;
import io.gwkit.conformance.record.ConnectionRecorder;
import io.gwkit.conformance.record.Recorder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An end client of a scenario, text or websocket, sending exactly the bytes of docs/CAPTURE-FORMAT.md "Exact bytes the
 * test clients send" and recording its own link (it is one end of it, so nothing is missed).
 */
final class TestClient implements AutoCloseable {

    /** The fixed websocket mask key of the corpus' test clients. */
    static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};
    static final String WS_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final boolean webSocket;
    private final Socket socket;
    private final OutputStream out;
    private final ConnectionRecorder rec;
    private final CountDownLatch welcome = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile String clientId;

    private TestClient(String name, boolean webSocket, Socket socket, ConnectionRecorder rec) throws IOException {
        this.name = name;
        this.webSocket = webSocket;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.rec = rec;
        rec.onFrame(this::onFrame);
        Thread reader = new Thread(this::readLoop, "conformance-client-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects; for websocket also sends the handshake request.
     *
     * @param target     where to connect
     * @param serverName the gateway address as the capture names it (also the websocket {@code Host})
     */
    static TestClient connect(Step step, InetSocketAddress target, String serverName, Recorder recorder)
            throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(target, 5000);
        TestClient c = new TestClient(step.client(), step.isWebSocket(), s,
                recorder.open(Link.CLIENT, serverName, step.client(), step.isWebSocket()));
        if (step.isWebSocket()) {
            c.write(handshake(step.path(), serverName, step.headers()));
        }
        return c;
    }

    static byte[] handshake(String path, String host, Map<String, String> headers) {
        StringBuilder sb = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(WS_KEY).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One masked websocket frame, FIN set, shortest length form. */
    static byte[] wsFrame(int opcode, byte[] payload) {
        int len = payload.length;
        int lenBytes = len < 126 ? 0 : len <= 0xFFFF ? 2 : 8;
        byte[] f = new byte[2 + lenBytes + 4 + len];
        f[0] = (byte) (0x80 | opcode);
        if (lenBytes == 0) {
            f[1] = (byte) (0x80 | len);
        } else if (lenBytes == 2) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (len >>> 8);
            f[3] = (byte) len;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
            }
        }
        int p = 2 + lenBytes;
        System.arraycopy(MASK, 0, f, p, 4);
        p += 4;
        for (int i = 0; i < len; i++) {
            f[p + i] = (byte) (payload[i] ^ MASK[i & 3]);
        }
        return f;
    }

    /** Sends one message: a line for text, a masked frame for websocket. */
    void send(byte[] payload, int opcode) throws IOException {
        if (webSocket) {
            write(wsFrame(opcode, payload));
        } else {
            byte[] line = new byte[payload.length + 1];
            System.arraycopy(payload, 0, line, 0, payload.length);
            line[payload.length] = '\n';
            write(line);
        }
    }

    /** text: closes the TCP connection. websocket: close frame, up to 1 s for the server to close, then close. */
    void closeStep() throws IOException, InterruptedException {
        if (webSocket && !socket.isClosed()) {
            try {
                write(wsFrame(8, new byte[0]));
                ended.await(1, TimeUnit.SECONDS);
            } catch (IOException alreadyGone) {
                // the server closed first
            }
        }
        close();
    }

    /** Waits for the welcome message and returns the client_id it names, or null. */
    String awaitWelcome(long timeoutMs) throws InterruptedException {
        welcome.await(timeoutMs, TimeUnit.MILLISECONDS);
        return clientId;
    }

    String name() {
        return name;
    }

    private synchronized void write(byte[] bytes) throws IOException {
        rec.fromConnecting(bytes, 0, bytes.length);
        out.write(bytes);
        out.flush();
    }

    private void onFrame(CapturedFrame f) {
        if (welcome.getCount() == 0 || f.fromConnectingSide()) {
            return;
        }
        String text = null;
        if (f.kind() == FrameKind.LINE) {
            text = new String(f.bytes(), StandardCharsets.UTF_8).trim();
        } else if (f.kind() == FrameKind.WS && f.bytes().length >= 2 && (f.bytes()[0] & 0x0F) == 1) {
            JsonNode d = io.gwkit.conformance.wire.FrameDecoder.decode(FrameKind.WS, f.bytes());
            text = d.path("payload").asText(null);
        }
        if (text == null) {
            return;
        }
        try {
            JsonNode j = JSON.readTree(text);
            if ("welcome".equals(j.path("type").asText())) {
                clientId = j.path("client_id").asText(null);
            }
        } catch (IOException notJson) {
            // the first message was not a welcome
        }
        welcome.countDown();
    }

    private void readLoop() {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                rec.fromListening(buf, 0, n);
            }
        } catch (IOException closed) {
            // reset or closed by us
        } finally {
            rec.finish();
            ended.countDown();
            welcome.countDown();
        }
    }

    /**
     * Closes with a FIN right away: a plain close() while the reader thread is blocked in read() leaves
     * the descriptor open until that thread wakes, and the gateway would not see the close in time.
     */
    @Override
    public void close() throws IOException {
        if (!socket.isClosed()) {
            try {
                socket.shutdownOutput();
            } catch (IOException alreadyReset) {
                // the connection is already gone
            }
        }
        socket.close();
    }
}
