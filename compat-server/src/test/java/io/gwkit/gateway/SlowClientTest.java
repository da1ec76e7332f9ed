package io.gwkit.gateway;

import static io.gwkit.testing.InnerPeer.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Backpressure and the slow-client policies (docs/ROBUSTNESS.md, "Slow clients and bursts"), on real loopback
 * sockets: a worker (a raw inner connection) writes as fast as TCP lets it; clients read slowly, late or never.
 */
@Tag("socket")
class SlowClientTest {

    private static final int LIMIT = 64 * 1024;
    /**
     * Frames of a burst to a client that reads nothing: 6.4 MB of messages, more than loopback's socket buffers
     * take (the gateway's send buffer grows to tcp_wmem's 4 MiB), so the gateway itself must hold them back.
     */
    private static final int OVER_KERNEL_BUFFERS = 100_000;
    /** Twice that, where a test checks that the gateway has not taken all of a burst while it holds the sender. */
    private static final int HELD_BURST = 200_000;

    /** Frames that fill a client past the limit many times over: {@code count} lines {@code prefix + i}. */
    private static byte[] burst(long connectionId, String prefix, int from, int count) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = from; i < from + count; i++) {
            out.writeBytes(GatewayFrameCodec.encode(request(Command.SEND_TO_ONE, connectionId, "",
                    prefix + String.format("%06d", i) + "-".repeat(50))));
        }
        return out.toByteArray();
    }

    /** Writes {@code bytes} on another thread (the gateway may stop reading; the write then waits). */
    private static CompletableFuture<Void> writeAsync(OutputStream out, byte[] bytes) {
        return CompletableFuture.runAsync(() -> {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Reads {@code count} lines and checks they are {@code prefix + from..from+count-1}, in order. */
    private static void assertLines(BufferedReader in, String prefix, int from, int count) throws IOException {
        for (int i = from; i < from + count; i++) {
            String line = in.readLine();
            assertEquals(prefix + String.format("%06d", i) + "-".repeat(50), line, "line " + i);
        }
    }

    /** A text client with a small receive buffer, set before connecting so it applies. */
    private static Socket client(GatewayFixture fx, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(receiveBuffer);
        s.connect(fx.text());
        s.setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
        return s;
    }

    private static GatewayFixture gateway(UnaryOperator<GatewayServer.Builder> customize) throws Exception {
        return new GatewayFixture("", b -> customize.apply(b.clientSendBufferLimit(LIMIT)));
    }

    @Test
    void aBurstOf150000FramesReachesAClientThatReadsLateWholeAndInOrder() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b);
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             Socket client = client(fx, 8 * 1024)) {
            long id = worker.readEvent().connectionId();
            // 150 000 frames of 64-byte messages (3 x issue 12's burst), 13 MB on the inner link: more than the
            // kernel's socket buffers hold (tcp_wmem's 4 MiB), so the gateway must queue and pause the worker even
            // when, as with one shard, it writes to the client on the thread that reads the worker
            CompletableFuture<Void> sent = writeAsync(new BufferedOutputStream(worker.socket().getOutputStream(),
                    1 << 16), burst(id, "m", 0, 150_000));
            // the client reads nothing yet: the gateway fills up and pauses the worker (however slow this machine)
            for (int i = 0; i < 400 && fx.gateway.stats().slowClientHolds() == 0; i++) {
                Thread.sleep(50);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8));
            assertLines(in, "m", 0, 150_000);
            sent.get(30, TimeUnit.SECONDS);
            GatewayStats stats = fx.gateway.stats();
            assertEquals(0, stats.sendBufferCloses());
            assertEquals(0, stats.sendBufferDrops());
            assertTrue(stats.slowClientHolds() >= 1, "the worker was paused at least once");
            assertTrue(fx.gateway.clientPendingBytesPeak() <= 2L * 1024 * 1024,
                    "peak " + fx.gateway.clientPendingBytesPeak());
        }
    }

    @Test
    void closePolicyClosesAClientThatNeverReadsAfterTheTimeoutThenTheWorkerServesTheOthers() throws Exception {
        try (GatewayFixture fx = gateway(b -> b.slowClient(SlowClientPolicy.CLOSE, Duration.ofMillis(700)));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             Socket slow = client(fx, 4096)) {
            long slowId = worker.readEvent().connectionId();
            LinePeer other = new LinePeer(fx.text());
            long otherId = worker.readEvent().connectionId();
            long start = System.nanoTime();
            CompletableFuture<Void> sent = writeAsync(worker.socket().getOutputStream(),
                    burst(slowId, "s", 0, OVER_KERNEL_BUFFERS));
            sent.get(30, TimeUnit.SECONDS);
            worker.send(request(Command.SEND_TO_ONE, otherId, "", "after"));
            assertEquals("after", other.readLine());
            GatewayFrame close = worker.readEvent();
            assertEquals(Command.ON_CLOSE.code(), close.cmd());
            assertEquals(slowId, close.connectionId());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms >= 600, "held for the timeout before closing, took " + ms + " ms");
            GatewayStats stats = fx.gateway.stats();
            assertEquals(1, stats.sendBufferCloses());
            assertTrue(stats.slowClientHolds() >= 1);
            assertTrue(fx.gateway.clientPendingBytesPeak() <= 2L * LIMIT + 100,
                    "peak " + fx.gateway.clientPendingBytesPeak());
        }
    }

    @Test
    void dropPolicyKeepsTheClientDropsWhileItIsFullAndDeliversAgainOnceItDrained() throws Exception {
        try (GatewayFixture fx = gateway(b -> b.slowClient(SlowClientPolicy.DROP, Duration.ofMillis(300)));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             Socket slow = client(fx, 4096)) {
            long slowId = worker.readEvent().connectionId();
            writeAsync(worker.socket().getOutputStream(), burst(slowId, "d", 0, OVER_KERNEL_BUFFERS)).get(30, TimeUnit.SECONDS);
            worker.send(request(Command.IS_ONLINE, slowId, "", ""));
            assertEquals("i:1;", worker.readReply());             // kept, and the worker is read again
            GatewayStats stats = fx.gateway.stats();
            assertTrue(stats.sendBufferDrops() > 0, "drops " + stats.sendBufferDrops());
            assertEquals(0, stats.sendBufferCloses());
            BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(),
                    StandardCharsets.UTF_8));
            // what was queued arrives in order (a prefix of the burst); once drained, new messages arrive again
            int got = 0;
            slow.setSoTimeout(1000);
            try {
                for (String line; (line = in.readLine()) != null; got++) {
                    assertEquals("d" + String.format("%06d", got) + "-".repeat(50), line);
                }
            } catch (java.net.SocketTimeoutException drained) {
                // nothing more queued
            }
            assertTrue(got > 0 && got < OVER_KERNEL_BUFFERS, "delivered " + got);
            worker.send(request(Command.SEND_TO_ONE, slowId, "", "later"));
            assertEquals("later", in.readLine());
        }
    }

    @Test
    void blockPolicyHoldsTheSenderAsLongAsItTakesAndLosesNothing() throws Exception {
        try (GatewayFixture fx = gateway(b -> b.slowClient(SlowClientPolicy.BLOCK, Duration.ZERO));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             Socket slow = client(fx, 4096)) {
            long slowId = worker.readEvent().connectionId();
            CompletableFuture<Void> sent = writeAsync(worker.socket().getOutputStream(),
                    burst(slowId, "b", 0, HELD_BURST));
            Thread.sleep(1500);
            // the sender's writes may all fit in socket buffers (loopback's grow to MiBs); what the gateway took
            // from them is what it queued: held back, not all of it, none dropped
            assertTrue(fx.gateway.stats().messagesSent() < HELD_BURST,
                    "the worker is held back while the client reads nothing: " + fx.gateway.stats().messagesSent());
            assertTrue(fx.gateway.clientPendingBytesPeak() <= 2L * LIMIT + 100,
                    "peak " + fx.gateway.clientPendingBytesPeak());
            assertLines(new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.UTF_8)),
                    "b", 0, HELD_BURST);
            sent.get(30, TimeUnit.SECONDS);
            assertEquals(0, fx.gateway.stats().sendBufferDrops());
            assertEquals(0, fx.gateway.stats().sendBufferCloses());
        }
    }

    @Test
    void aSlowClientHoldsBackOnlyTheConnectionThatWritesToIt() throws Exception {
        try (GatewayFixture fx = gateway(b -> b.slowClient(SlowClientPolicy.BLOCK, Duration.ZERO));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             InnerPeer pusher = new InnerPeer(fx.inner());
             Socket slow = client(fx, 4096)) {
            long slowId = worker.readEvent().connectionId();
            LinePeer other = new LinePeer(fx.text());
            long otherId = worker.readEvent().connectionId();
            CompletableFuture<Void> sent = writeAsync(pusher.socket().getOutputStream(),
                    burst(slowId, "p", 0, HELD_BURST));
            Thread.sleep(300);
            for (int i = 0; i < 20; i++) {
                other.sendLine("ping" + i);
                assertEquals("ping" + i, new String(worker.readEvent().body(), StandardCharsets.UTF_8));
                worker.send(request(Command.SEND_TO_ONE, otherId, "", "pong" + i));
                assertEquals("pong" + i, other.readLine());
            }
            assertTrue(fx.gateway.stats().messagesSent() < HELD_BURST, "the pushing connection is still held: "
                    + fx.gateway.stats().messagesSent());
            assertEquals(0, fx.gateway.stats().sendBufferDrops());
        }
    }

    @Test
    void listenersTakeTheirPolicyFromTheUriOrTheGateway() {
        Listener l = Listener.parse("text://127.0.0.1:8282?slow-client=drop&slow-client-timeout=250");
        assertEquals(SlowClientPolicy.DROP, l.slowClient());
        assertEquals(Duration.ofMillis(250), l.slowClientTimeout());
        assertEquals(8282, l.port());
        Listener plain = Listener.parse("ws://[::1]:80");
        assertNull(plain.slowClient());
        assertThrows(IllegalArgumentException.class, () -> Listener.parse("text://h:1?slow-client=later"));
        assertThrows(IllegalArgumentException.class, () -> Listener.parse("text://h:1?speed=9"));
    }
}
