package io.gwkit.worker.fakes;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A gateway inner port played by the test, over blocking loopback sockets. A connection whose first frame is
 * cmd 200 is a worker connection ({@link #awaitWorker}); any other is a request connection, answered from
 * {@link #replies} and recorded in {@link #requests}.
 */
public final class FakeGateway extends LoopbackServer {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final BlockingQueue<Conn> workers = new LinkedBlockingQueue<>();
    /** Request frames (raw bytes) from request connections, in arrival order. */
    public final BlockingQueue<byte[]> requests = new LinkedBlockingQueue<>();
    /** Replies to hand out, one per request that expects one (serialized bytes, without length prefix). */
    public final BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    /** Number of request connections accepted. */
    public final List<Socket> requestSockets = new CopyOnWriteArrayList<>();

    public FakeGateway() throws IOException {
        super("fake-gateway");
        startAccepting();
    }

    public Conn awaitWorker() throws InterruptedException {
        Conn c = workers.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no worker connected to fake gateway " + address());
        }
        return c;
    }

    public byte[] takeRequest() throws InterruptedException {
        byte[] r = requests.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no request reached fake gateway " + address());
        }
        return r;
    }

    @Override
    void serve(Socket s) throws IOException, InterruptedException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] first = readFrame(in);
        GatewayFrame f = GatewayFrameCodec.decode(first, GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH);
        if (f.cmd() == Command.WORKER_CONNECT.code()) {
            Conn c = new Conn(s, first);
            workers.add(c);
            while (true) {
                c.frames.add(readFrame(in));
            }
        }
        requestSockets.add(s);
        byte[] frame = first;
        while (true) {
            requests.add(frame);
            GatewayFrame req = GatewayFrameCodec.decode(frame, GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH);
            Command cmd = req.command();
            if (cmd != null && cmd.hasReply()) {
                byte[] reply = replies.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (reply == null) {
                    throw new IOException("test queued no reply");
                }
                OutputStream out = s.getOutputStream();
                out.write(ByteBuffer.allocate(4).putInt(reply.length).array());
                out.write(reply);
                out.flush();
            }
            frame = readFrame(in);
        }
    }

    static byte[] readFrame(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 28 || len > GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH) {
            throw new IOException("bad pack_len " + len);
        }
        byte[] frame = new byte[len];
        ByteBuffer.wrap(frame).putInt(len);
        in.readFully(frame, 4, len - 4);
        return frame;
    }

    /** A worker connection: its cmd 200 frame, the frames it sent since, and a way to send it events. */
    public static final class Conn {
        public final byte[] first;
        public final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        private final Socket socket;

        Conn(Socket socket, byte[] first) {
            this.socket = socket;
            this.first = first;
        }

        public synchronized void send(byte[] frame) throws IOException {
            socket.getOutputStream().write(frame);
            socket.getOutputStream().flush();
        }

        public void send(GatewayFrame frame) throws IOException {
            send(GatewayFrameCodec.encode(frame));
        }

        public byte[] take() throws InterruptedException {
            byte[] f = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("worker sent no frame within " + TIMEOUT);
            }
            return f;
        }

        public GatewayFrame takeFrame() throws InterruptedException {
            return GatewayFrameCodec.decode(take(), GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH);
        }

        public void close() throws IOException {
            socket.close();
        }
    }

}
