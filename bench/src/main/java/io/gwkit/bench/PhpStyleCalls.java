package io.gwkit.bench;

import io.gwkit.protocol.GatewayRequests;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * PHP GatewayClient's per-call shape in plain blocking sockets, the reference the pooled SDK is compared
 * with: each call opens a TCP connection, writes the auth frame (with a secret) and the request in one
 * write, reads the u32-length reply with a blocking read when there is one, and closes. No thread hand-off
 * and no framework cost, like a PHP-FPM worker calling {@code Gateway::isOnline()}.
 */
public final class PhpStyleCalls {

    private static final byte[] EMPTY = new byte[0];

    private final InetSocketAddress gateway;
    private final byte[] auth;

    public PhpStyleCalls(String gatewayAddress, String secretKey) {
        int colon = gatewayAddress.lastIndexOf(':');
        this.gateway = new InetSocketAddress(gatewayAddress.substring(0, colon),
                Integer.parseInt(gatewayAddress.substring(colon + 1)));
        this.auth = secretKey.isEmpty() ? EMPTY : GatewayFrameCodec.encode(GatewayRequests.auth(secretKey));
    }

    /** {@code Gateway::sendToClient($clientId, $message)}: connect, write, close. */
    public void sendToClient(String clientId, String message) throws IOException {
        ClientId id = ClientId.parse(clientId);
        GatewayFrame f = GatewayRequests.frame(Command.SEND_TO_ONE, id.connectionId(), false, EMPTY, message);
        try (Socket s = connect()) {
            write(s, f, true);
        }
    }

    /** {@code Gateway::isOnline($clientId)}: connect, write, read the reply, close. */
    public boolean isOnline(String clientId) throws IOException {
        try (Socket s = connect()) {
            return isOnline(s, clientId, true);
        }
    }

    /**
     * One blocking socket kept open, used by one thread: a request is one write and one blocking read, with
     * no thread hand-off. Not what PHP does; it is the floor under any blocking client's round trip.
     */
    public final class Kept implements AutoCloseable {
        private final Socket socket;

        Kept() throws IOException {
            socket = connect();
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(auth);
        }

        public boolean isOnline(String clientId) throws IOException {
            return PhpStyleCalls.this.isOnline(socket, clientId, false); // the auth frame went first, once
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A {@link Kept} connection to the same gateway. */
    public Kept keep() throws IOException {
        return new Kept();
    }

    private boolean isOnline(Socket s, String clientId, boolean withAuth) throws IOException {
        ClientId id = ClientId.parse(clientId);
        write(s, GatewayRequests.frame(Command.IS_ONLINE, id.connectionId(), EMPTY), withAuth);
        DataInputStream in = new DataInputStream(s.getInputStream());
        int length = in.readInt();
        if (length < 0 || length > 1 << 20) {
            throw new IOException("bad reply length " + length);
        }
        byte[] reply = new byte[length];
        in.readFully(reply);
        Object v = PhpSerializer.unserialize(reply);
        return v instanceof Long n ? n != 0 : Boolean.TRUE.equals(v);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(gateway, 5000);
            s.setSoTimeout(5000);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private void write(Socket s, GatewayFrame f, boolean withAuth) throws IOException {
        byte[] frame = GatewayFrameCodec.encode(f);
        byte[] all = frame;
        if (withAuth && auth.length > 0) {
            all = new byte[auth.length + frame.length];
            System.arraycopy(auth, 0, all, 0, auth.length);
            System.arraycopy(frame, 0, all, auth.length, frame.length);
        }
        OutputStream out = s.getOutputStream();
        out.write(all);
        out.flush();
    }
}
