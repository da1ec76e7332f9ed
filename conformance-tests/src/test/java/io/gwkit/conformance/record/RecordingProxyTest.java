package io.gwkit.conformance.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.FrameKind;
import io.gwkit.conformance.Link;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("socket")
class RecordingProxyTest {

    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    static byte[] gatewayFrame(int cmd, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(28 + body.length);
        b.putInt(28 + body.length).put((byte) cmd).put(new byte[16]).put((byte) 1).putShort((short) 0).putInt(0).put(body);
        return b.array();
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * seed + (i >>> 9));
        }
        return b;
    }

    /** Writes in odd-sized pieces with a flush each, so the proxy sees arbitrary fragmentation. */
    private static void writeFragmented(OutputStream os, byte[] data) throws IOException {
        int pos = 0;
        int i = 0;
        while (pos < data.length) {
            int n = Math.min(data.length - pos, 1 + (i++ * 4099) % 9000);
            os.write(data, pos, n);
            os.flush();
            pos += n;
        }
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "stream ended early");
        return b;
    }

    @Test
    void forwardsByteExactBothWaysUnderFragmentationWithMebibyteFrames() throws Exception {
        byte[] hello = gatewayFrame(200, "{\"worker_key\":\"w:0\",\"secret_key\":\"\"}".getBytes(StandardCharsets.UTF_8));
        byte[] up = gatewayFrame(5, pattern(1 << 20, 31));
        byte[] down = gatewayFrame(3, pattern(1 << 20, 17));
        Recorder recorder = new Recorder();
        try (ServerSocket upstream = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = upstream.accept()) {
                    byte[] got = readExactly(s.getInputStream(), hello.length + up.length);
                    writeFragmented(s.getOutputStream(), down);
                    s.shutdownOutput();
                    assertEquals(-1, s.getInputStream().read(), "the proxy passes the client's FIN on");
                    return got;
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (RecordingProxy proxy = new RecordingProxy(ANY, (InetSocketAddress) upstream.getLocalSocketAddress(),
                    Link.INNER, "127.0.0.1:2900", false, recorder);
                 Socket client = new Socket()) {
                client.connect(proxy.address());
                ByteArrayOutputStream sent = new ByteArrayOutputStream();
                sent.writeBytes(hello);
                sent.writeBytes(up);
                writeFragmented(client.getOutputStream(), sent.toByteArray());
                byte[] back = readExactly(client.getInputStream(), down.length);
                client.shutdownOutput();
                assertEquals(-1, client.getInputStream().read(), "the upstream's FIN is passed on");
                assertArrayEquals(sent.toByteArray(), received.get(30, TimeUnit.SECONDS));
                assertArrayEquals(down, back);
            }
        }
        assertTrue(recorder.awaitQuiet(Duration.ofMillis(100), Duration.ofSeconds(10)));
        List<CapturedFrame> frames = awaitFrames(recorder, 3);
        assertEquals(3, frames.size());
        CapturedFrame first = frames.stream().filter(f -> f.bytes().length == hello.length).findFirst().orElseThrow();
        assertEquals("worker", first.from(), "cmd 200 makes the connecting side a worker");
        assertEquals("gateway", first.to());
        assertEquals("inner#1", first.conn());
        assertEquals("127.0.0.1:2900", first.server());
        CapturedFrame upFrame = frames.stream().filter(f -> f.from().equals("worker") && f != first).findFirst().orElseThrow();
        assertArrayEquals(up, upFrame.bytes());
        CapturedFrame downFrame = frames.stream().filter(f -> f.from().equals("gateway")).findFirst().orElseThrow();
        assertArrayEquals(down, downFrame.bytes());
        assertEquals(FrameKind.GATEWAY, downFrame.kind(), "a worker connection carries frames both ways");
        assertNull(downFrame.step(), "no step was running");
    }

    @Test
    void registerLinesGetTheirRoleFromTheFirstLineAndStepFromTheRunner() throws Exception {
        Recorder recorder = new Recorder();
        recorder.beginStep(3, true);
        byte[] ask = "{\"event\":\"worker_connect\",\"secret_key\":\"\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] answer = "{\"event\":\"broadcast_addresses\",\"addresses\":[\"127.0.0.1:2900\"]}\n".getBytes(StandardCharsets.UTF_8);
        try (ServerSocket upstream = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (Socket s = upstream.accept()) {
                    readExactly(s.getInputStream(), ask.length);
                    s.getOutputStream().write(answer);
                    s.getInputStream().read();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (RecordingProxy proxy = new RecordingProxy(ANY, (InetSocketAddress) upstream.getLocalSocketAddress(),
                    Link.REGISTER, "127.0.0.1:1236", false, recorder);
                 Socket client = new Socket()) {
                client.connect(proxy.address());
                for (byte b : ask) {
                    client.getOutputStream().write(b);
                    client.getOutputStream().flush();
                }
                assertArrayEquals(answer, readExactly(client.getInputStream(), answer.length));
            }
            server.get(30, TimeUnit.SECONDS);
        }
        List<CapturedFrame> frames = awaitFrames(recorder, 2);
        assertEquals("gatewayclient", frames.get(0).from(), "worker_connect during a call step is a GatewayClient");
        assertEquals("register", frames.get(1).from());
        assertEquals(3, frames.get(1).step());
        assertArrayEquals(ask, frames.get(0).bytes());
    }

    private static List<CapturedFrame> awaitFrames(Recorder r, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (r.frames().size() < n && System.nanoTime() < deadline) {
            r.awaitQuiet(Duration.ofMillis(50), Duration.ofSeconds(1));
        }
        return r.frames();
    }

    private static void assertTrue(boolean b) {
        org.junit.jupiter.api.Assertions.assertTrue(b);
    }
}
