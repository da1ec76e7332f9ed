package io.gwkit.testkit;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.protocol.Ipv4;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A gateway's inner port for unit tests, in the spirit of OkHttp's MockWebServer: point a
 * {@code GatewayClient} (through a {@link MockRegister}) or a BusinessWorker at it, queue the replies, run
 * the code under test, then {@link #takeRequest()} to assert on exactly what it sent.
 *
 * <pre>{@code
 * try (MockGateway gateway = new MockGateway(); MockRegister register = new MockRegister(gateway);
 *      GatewayClient gw = GatewayClient.builder().registerAddress(register.address()).build()) {
 *     gateway.enqueue(MockReply.value(1));                 // isOnline's answer
 *     assertTrue(gw.isOnline(gateway.clientId(7)));
 *     RecordedFrame request = gateway.takeRequest();
 *     assertEquals(Command.IS_ONLINE, request.command());
 *     assertEquals(7, request.connectionId());
 * }
 * }</pre>
 *
 * <p>Frames on a connection that starts with cmd 200 come from a BusinessWorker: {@link #takeWorker()} hands
 * out that connection to send it client events and read what it answers. On any other connection every frame
 * is a request: recorded in arrival order; one expecting a reply ({@link Command#hasReply()}) takes the next
 * queued {@link MockReply} (or the {@link #dispatcher} answer), waiting for one to be enqueued up to the
 * {@link #timeout}. The auth frame (cmd 202) a client with a secret sends first on each connection is
 * recorded too, and checked against {@link #secretKey} when one is set.
 */
public final class MockGateway extends LoopbackServer {

    /** gwkit's worker-drain frame (io.gwkit.server.internal.WorkerDrain): answered, never recorded. */
    private static final int WORKER_DRAIN_CMD = 250;

    private final BlockingQueue<RecordedFrame> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<MockReply> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<WorkerLink> workers = new LinkedBlockingQueue<>();
    private final AtomicInteger requestConnections = new AtomicInteger();
    private volatile Function<RecordedFrame, MockReply> dispatcher;
    private volatile String secretKey;

    /** Starts listening on an ephemeral port of 127.0.0.1. */
    public MockGateway() throws IOException {
        super("mock-gateway");
    }

    /** Queues the answer to the next request that expects one (any connection, in arrival order). */
    public void enqueue(MockReply reply) {
        replies.add(reply);
    }

    /**
     * Answers requests that expect a reply by computing it, once the queue is empty (e.g. from the command:
     * {@code r -> r.command() == Command.IS_ONLINE ? MockReply.value(1) : MockReply.value(0)}); null restores
     * waiting for queued replies.
     */
    public void dispatcher(Function<RecordedFrame, MockReply> dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * Requires the auth frame (cmd 202 with this secret) first on every request connection, as a gateway
     * with {@code secretKey} does: a connection without it is closed. Null (the default) accepts any.
     */
    public void secretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    /** A client_id this gateway would hand out for {@code connectionId}: its address and port, in hex. */
    public String clientId(long connectionId) {
        return new ClientId(Ipv4.parse("127.0.0.1"), port(), connectionId).toString();
    }

    /** The next recorded request, waiting up to the {@link #timeout}; fails with AssertionError if none came. */
    public RecordedFrame takeRequest() throws InterruptedException {
        RecordedFrame r = takeRequest(timeout);
        if (r == null) {
            throw new AssertionError("no request reached mock gateway " + address() + " within " + timeout);
        }
        return r;
    }

    /** The next recorded request, or null when none arrives within {@code timeout}. */
    public RecordedFrame takeRequest(Duration timeout) throws InterruptedException {
        return requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Requests recorded and not taken yet. */
    public int pendingRequestCount() {
        return requests.size();
    }

    /** Connections that were not worker links (GatewayClients' and workers' request connections) so far. */
    public int requestConnectionCount() {
        return requestConnections.get();
    }

    /** The next BusinessWorker that connected (sent cmd 200), waiting up to the {@link #timeout}. */
    public WorkerLink takeWorker() throws InterruptedException {
        WorkerLink w = workers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (w == null) {
            throw new AssertionError("no worker connected to mock gateway " + address() + " within " + timeout);
        }
        return w;
    }

    @Override
    void serve(Socket s, int index) throws IOException, InterruptedException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] bytes = readFrame(in);
        if (new RecordedFrame(index, bytes).command() == Command.WORKER_CONNECT) {
            WorkerLink link = new WorkerLink(s, index, bytes);
            workers.add(link);
            while (true) {
                byte[] frame = readFrame(in);
                if ((frame[4] & 0xFF) == WORKER_DRAIN_CMD) {
                    link.send(frame); // a stopping gwkit worker's drain request: confirmed, as a gwkit gateway does
                    continue;
                }
                link.frames.add(new RecordedFrame(index, frame));
            }
        }
        requestConnections.incrementAndGet();
        String required = secretKey;
        boolean authed = required == null;
        while (true) {
            RecordedFrame r = new RecordedFrame(index, bytes);
            if (r.command() == Command.GATEWAY_CLIENT_CONNECT) {
                authed = authed || required.equals(secretOf(r));
            }
            if (!authed) {
                return; // a real gateway closes the connection, unanswered and unrecorded
            }
            handle(s, r);
            bytes = readFrame(in);
        }
    }

    private void handle(Socket s, RecordedFrame r) throws IOException, InterruptedException {
        Fault f = fault;
        requests.add(r);
        if (f == Fault.DISCONNECT_AFTER_REQUEST) {
            throw new IOException("fault: " + f);
        }
        if (r.command() == null || !r.command().hasReply() || f == Fault.NO_RESPONSE) {
            return;
        }
        MockReply reply = f == Fault.GARBAGE_REPLY ? MockReply.serialized("garbage, not a PHP value") : nextReply(r);
        if (reply == null) {
            throw new IOException("no reply queued for " + r + " within " + timeout);
        }
        sleep(reply.delay());
        if (reply.wireBytes() == null) {
            throw new IOException("disconnect instead of answering " + r);
        }
        OutputStream out = s.getOutputStream();
        out.write(reply.wireBytes());
        out.flush();
    }

    private MockReply nextReply(RecordedFrame r) throws InterruptedException {
        MockReply queued = replies.poll();
        if (queued != null) {
            return queued;
        }
        Function<RecordedFrame, MockReply> d = dispatcher;
        if (d != null) {
            return d.apply(r);
        }
        return replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String secretOf(RecordedFrame auth) {
        try {
            Object body = PhpJson.decode(auth.frame().body());
            Object key = body instanceof PhpArray ? ((PhpArray) body).get("secret_key") : null;
            return key instanceof String ? (String) key : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    static byte[] readFrame(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < GatewayFrame.HEADER_LENGTH || len > GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH) {
            throw new IOException("bad pack_len " + len);
        }
        byte[] frame = new byte[len];
        ByteBuffer.wrap(frame).putInt(len);
        in.readFully(frame, 4, len - 4);
        return frame;
    }

    /** A BusinessWorker's connection to this gateway: send it client events, read what it sends back. */
    public final class WorkerLink {
        private final Socket socket;
        private final int connection;
        private final byte[] first;
        private final BlockingQueue<RecordedFrame> frames = new LinkedBlockingQueue<>();

        WorkerLink(Socket socket, int connection, byte[] first) {
            this.socket = socket;
            this.connection = connection;
            this.first = first;
        }

        /** The cmd 200 frame that opened the link (its body carries the worker's key). */
        public RecordedFrame connectFrame() {
            return new RecordedFrame(connection, first);
        }

        /** Sends a frame to the worker, as the gateway forwards a client's event. */
        public void send(GatewayFrame frame) throws IOException {
            send(GatewayFrameCodec.encode(frame));
        }

        /** Sends these bytes as they are (a captured frame, or a malformed one). */
        public synchronized void send(byte[] wire) throws IOException {
            socket.getOutputStream().write(wire);
            socket.getOutputStream().flush();
        }

        /** Frames the worker sent that were not taken yet. */
        public int pendingFrameCount() {
            return frames.size();
        }

        /** The next frame the worker sent on this link (pings included), waiting up to the timeout. */
        public RecordedFrame takeFrame() throws InterruptedException {
            RecordedFrame f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("worker sent no frame within " + timeout);
            }
            return f;
        }

        /** The next frame, or null when none comes within {@code timeout}. */
        public RecordedFrame takeFrame(Duration timeout) throws InterruptedException {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Closes the link, as a gateway going away does. */
        public void close() {
            closeQuietly(socket);
        }
    }
}
