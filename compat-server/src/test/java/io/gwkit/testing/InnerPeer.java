package io.gwkit.testing;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.server.internal.WorkerAcks;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A blocking test peer on a gateway's inner port: a fake BusinessWorker (after {@link #announceWorker}) or a
 * GatewayClient-style request connection. Reads frames and replies with a generous timeout.
 */
public final class InnerPeer implements AutoCloseable {

    public static final int READ_TIMEOUT_MS = 15_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public InnerPeer(InetSocketAddress address) throws IOException {
        this(address, 0);
    }

    /** With a receive buffer of this size (0: the default), set before connecting so it really applies. */
    public InnerPeer(InetSocketAddress address, int receiveBufferSize) throws IOException {
        socket = new Socket();
        if (receiveBufferSize > 0) {
            socket.setReceiveBufferSize(receiveBufferSize);
        }
        socket.connect(address, READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static GatewayFrame request(Command cmd, long connectionId, String ext, String body) {
        return GatewayFrame.request(cmd, connectionId, GatewayFrame.FLAG_SCALAR, utf8(ext), utf8(body));
    }

    /** Sends cmd 200 and waits until the gateway has processed it (an IS_ONLINE round trip). */
    public InnerPeer announceWorker(String workerKey, String secret) throws IOException {
        send(request(Command.WORKER_CONNECT, 0,
                "", "{\"worker_key\":\"" + workerKey + "\",\"secret_key\":\"" + secret + "\"}"));
        // a gwkit gateway offers acknowledgements first; this peer, like a PHP worker, does not answer
        GatewayFrame offer = readFrame();
        if (!WorkerAcks.isOffer(offer)) {
            throw new IOException("expected the acknowledgement offer after cmd 200, got " + offer);
        }
        send(request(Command.IS_ONLINE, 0, "", ""));
        readReply();
        return this;
    }

    public void send(GatewayFrame frame) throws IOException {
        sendRaw(GatewayFrameCodec.encode(frame));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public GatewayFrame readFrame() throws IOException {
        return readFrame(in);
    }

    /** The next whole frame on a stream of inner frames (any direction). */
    public static GatewayFrame readFrame(DataInputStream in) throws IOException {
        int len = in.readInt();
        byte[] frame = new byte[len];
        frame[0] = (byte) (len >>> 24);
        frame[1] = (byte) (len >>> 16);
        frame[2] = (byte) (len >>> 8);
        frame[3] = (byte) len;
        in.readFully(frame, 4, len - 4);
        return GatewayFrameCodec.decode(frame, GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH);
    }

    /** Next frame that is not a PING (201). */
    public GatewayFrame readEvent() throws IOException {
        while (true) {
            GatewayFrame f = readFrame();
            if (f.cmd() != Command.PING.code()) {
                return f;
            }
        }
    }

    /** A reply: u32 length + serialized bytes; returns the serialized bytes as a string (UTF-8). */
    public String readReply() throws IOException {
        int len = in.readInt();
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** True when the gateway closed this connection (EOF) before the timeout. */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** One GatewayClient-style call: new connection, optional 202 auth, the request, the reply, close. */
    public static String call(InetSocketAddress inner, String secret, GatewayFrame frame) throws IOException {
        try (InnerPeer peer = new InnerPeer(inner)) {
            if (secret != null) {
                peer.send(request(Command.GATEWAY_CLIENT_CONNECT, 0, "", "{\"secret_key\":\"" + secret + "\"}"));
            }
            peer.send(frame);
            return peer.readReply();
        }
    }

    /** Fire-and-forget GatewayClient-style command; returns after an IS_ONLINE round trip on the same connection. */
    public static void command(InetSocketAddress inner, String secret, GatewayFrame frame) throws IOException {
        try (InnerPeer peer = new InnerPeer(inner)) {
            if (secret != null) {
                peer.send(request(Command.GATEWAY_CLIENT_CONNECT, 0, "", "{\"secret_key\":\"" + secret + "\"}"));
            }
            peer.send(frame);
            peer.send(request(Command.IS_ONLINE, 0, "", ""));
            peer.readReply();
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

}
