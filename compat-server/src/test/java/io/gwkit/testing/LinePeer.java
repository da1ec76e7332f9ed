package io.gwkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking raw-socket client for line protocols (register link, text gateway) and raw bytes. */
public final class LinePeer implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public LinePeer(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, InnerPeer.READ_TIMEOUT_MS);
        socket.setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public LinePeer sendLine(String line) throws IOException {
        return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public LinePeer sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next line without its {@code \n}; null at EOF. */
    public String readLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return buf.toString(StandardCharsets.UTF_8);
            }
            buf.write(b);
        }
        return null;
    }

    public byte[] readExactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("EOF after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    /** Reads until {@code \r\n\r\n} (an HTTP head). */
    public String readHttpHead() throws IOException {
        return readHttpHead(in);
    }

    static String readHttpHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            buf.write(b);
            String s = buf.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        throw new IOException("EOF inside an HTTP head: " + buf.toString(StandardCharsets.ISO_8859_1));
    }

    /** Reads everything until the peer closes; fails on timeout. */
    public byte[] readToEof() throws IOException {
        return in.readAllBytes();
    }

    /** True when the peer closed the connection (EOF or reset) before the read timeout. */
    public boolean closedByPeer() throws IOException {
        return closedByPeer(in);
    }

    static boolean closedByPeer(InputStream in) {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    public Socket socket() {
        return socket;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
