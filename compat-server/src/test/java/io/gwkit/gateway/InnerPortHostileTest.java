package io.gwkit.gateway;

import static io.gwkit.testing.InnerPeer.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.testing.Bystanders;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile peers on the gateway's inner port (issue #8): lying headers, oversize frames, unknown commands,
 * floods, silent and half-open connections, many connections, a requester that reads no replies. Each time
 * the offender is closed (or, where PHP keeps it, kept usable), logged in one WARN line naming its address,
 * and a connected worker and end client are still served.
 */
@Tag("socket")
class InnerPortHostileTest {

    private static final int MAX_FRAME = 64 * 1024;

    static Stream<Arguments> lyingHeaders() {
        String rest = "0c" + "00".repeat(19) + "00000000"; // cmd 12, zeros, ext_len 0: 24 bytes after pack_len
        return Stream.of(
                Arguments.of("pack_len 0", "00000000" + rest, "MalformedFrameException"),
                Arguments.of("pack_len 5", "00000005" + rest, "MalformedFrameException"),
                Arguments.of("pack_len 27", "0000001b" + rest, "MalformedFrameException"),
                Arguments.of("pack_len 4 GiB-1", "ffffffff" + rest, "FrameTooLongException"),
                Arguments.of("pack_len limit+1", String.format("%08x", MAX_FRAME + 1) + rest, "FrameTooLongException"),
                Arguments.of("ext_len past the frame", "0000001c0c" + "00".repeat(19) + "000000ff",
                        "MalformedFrameException"),
                Arguments.of("ext_len 4 GiB-1", "000000200c" + "00".repeat(19) + "ffffffff" + "61626364",
                        "MalformedFrameException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lyingHeaders")
    void aLyingHeaderClosesOnlyTheOffenderWithOneLogLine(String name, String hex, String error) throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.maxInnerFrameLength(MAX_FRAME));
             Bystanders others = new Bystanders(fx, "");
             LogCapture log = new LogCapture()) {
            int port;
            try (InnerPeer liar = new InnerPeer(fx.inner())) {
                port = liar.socket().getLocalPort();
                liar.sendRaw(HexFormat.of().parseHex(hex));
                liar.sendRaw(HexFormat.of().parseHex(hex)); // more of the same after the lie is ignored
                assertTrue(liar.closedByPeer(), name);
            }
            List<String> lines = log.await("WARN", "127.0.0.1:" + port);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains(error), lines.get(0));
            others.assertServed();
        }
    }

    @Test
    void aFrameStreamedPastTheLimitIsClosedAtItsHeaderAndOneAtTheLimitPasses() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.maxInnerFrameLength(MAX_FRAME));
             Bystanders others = new Bystanders(fx, "");
             LogCapture log = new LogCapture()) {
            int port;
            try (InnerPeer streamer = new InnerPeer(fx.inner())) {
                port = streamer.socket().getLocalPort();
                byte[] chunk = new byte[16 * 1024];
                try {
                    streamer.sendRaw(HexFormat.of().parseHex(String.format("%08x", 4 * MAX_FRAME) + "05"));
                    for (int i = 0; i < 4 * MAX_FRAME / chunk.length; i++) {
                        streamer.sendRaw(chunk);
                    }
                } catch (IOException closedWhileStreaming) {
                    // expected once the gateway has closed
                }
                assertTrue(streamer.closedByPeer());
            }
            List<String> lines = log.await("WARN", "127.0.0.1:" + port);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("FrameTooLongException"), lines.get(0));

            // a SEND_TO_ONE of exactly the limit is delivered
            int bodyLength = MAX_FRAME - GatewayFrame.HEADER_LENGTH;
            byte[] body = "x".repeat(bodyLength).getBytes(StandardCharsets.US_ASCII);
            others.worker.send(GatewayFrame.request(Command.SEND_TO_ONE, others.clientConnectionId,
                    GatewayFrame.FLAG_SCALAR, null, body));
            assertEquals(bodyLength, others.clientReadLine().length());
            others.assertServed();
        }
    }

    @Test
    void unknownCommandsAreLoggedOnceAndTheConnectionStaysUsable() throws Exception {
        try (GatewayFixture fx = new GatewayFixture();
             Bystanders others = new Bystanders(fx, "");
             LogCapture log = new LogCapture();
             InnerPeer confused = new InnerPeer(fx.inner())) {
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int i = 0; i < 10_000; i++) {
                int cmd = i % 2 == 0 ? 99 : Command.ON_MESSAGE.code(); // unknown / gateway-to-worker
                flood.write(GatewayFrameCodec.encode(new GatewayFrame(cmd, 0, 0, 0, 0, others.clientConnectionId,
                        GatewayFrame.FLAG_SCALAR, 0, new byte[0], "leak".getBytes(StandardCharsets.US_ASCII))));
            }
            confused.sendRaw(flood.toByteArray());
            // PHP echoes "gateway inner pack err" and keeps the connection: so does this gateway
            confused.send(request(Command.IS_ONLINE, others.clientConnectionId, "", ""));
            assertEquals("i:1;", confused.readReply());
            List<String> lines = log.lines("WARN", "127.0.0.1:" + confused.socket().getLocalPort());
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("pack err"), lines.get(0));
            others.assertServed();
        }
    }

    @Test
    void tenThousandPipelinedFramesAreAllServedInOrder() throws Exception {
        // a small frame limit makes the per-connection backlog bound small, so reading pauses and resumes
        try (GatewayFixture fx = new GatewayFixture("", b -> b.maxInnerFrameLength(1024));
             Bystanders others = new Bystanders(fx, "");
             InnerPeer requester = new InnerPeer(fx.inner())) {
            int n = 10_000;
            ByteArrayOutputStream sends = new ByteArrayOutputStream();
            ByteArrayOutputStream requests = new ByteArrayOutputStream();
            for (int i = 0; i < n; i++) {
                sends.write(GatewayFrameCodec.encode(request(Command.SEND_TO_ONE, others.clientConnectionId, "",
                        "m" + i)));
                requests.write(GatewayFrameCodec.encode(request(Command.IS_ONLINE,
                        i % 2 == 0 ? others.clientConnectionId : 999_999, "", "")));
            }
            others.worker.sendRaw(sends.toByteArray());
            requester.sendRaw(requests.toByteArray());
            for (int i = 0; i < n; i++) {
                assertEquals("m" + i, others.clientReadLine());
                assertEquals(i % 2 == 0 ? "i:1;" : "i:0;", requester.readReply());
            }
            others.assertServed();
        }
    }

    @Test
    void silentAndHalfOpenConnectionsAreClosedAfterTheAuthTimeoutEstablishedOnesStay() throws Exception {
        for (String secret : new String[] {"", "k3y"}) {
            try (GatewayFixture fx = new GatewayFixture(secret, b -> b.innerAuthTimeout(Duration.ofMillis(300)));
                 Bystanders others = new Bystanders(fx, secret);
                 InnerPeer established = new InnerPeer(fx.inner());
                 LogCapture log = new LogCapture()) {
                if (!secret.isEmpty()) {
                    established.send(request(Command.GATEWAY_CLIENT_CONNECT, 0, "", "{\"secret_key\":\"k3y\"}"));
                }
                established.send(request(Command.IS_ONLINE, others.clientConnectionId, "", ""));
                assertEquals("i:1;", established.readReply());
                try (InnerPeer silent = new InnerPeer(fx.inner());
                     InnerPeer halfFrame = new InnerPeer(fx.inner());
                     InnerPeer halfClosed = new InnerPeer(fx.inner())) {
                    halfFrame.sendRaw(HexFormat.of().parseHex("0000004a0b7f000001"));
                    halfClosed.sendRaw(HexFormat.of().parseHex("0000004a0b7f000001"));
                    halfClosed.socket().shutdownOutput(); // EOF mid-frame: closed at once, nothing to report
                    assertTrue(halfClosed.closedByPeer());
                    assertTrue(silent.closedByPeer(), "silent, secret '" + secret + "'");
                    assertTrue(halfFrame.closedByPeer(), "half a frame, secret '" + secret + "'");
                    for (InnerPeer p : List.of(silent, halfFrame)) {
                        List<String> lines = log.await("WARN", "127.0.0.1:" + p.socket().getLocalPort());
                        assertEquals(1, lines.size(), lines.toString());
                    }
                }
                if (!secret.isEmpty()) {
                    try (InnerPeer authOnly = new InnerPeer(fx.inner())) {
                        // authenticated but nothing else: established, kept (the SDK pools such links)
                        authOnly.send(request(Command.GATEWAY_CLIENT_CONNECT, 0, "", "{\"secret_key\":\"k3y\"}"));
                        try (InnerPeer late = new InnerPeer(fx.inner())) {
                            assertTrue(late.closedByPeer());
                        }
                        authOnly.send(request(Command.IS_ONLINE, others.clientConnectionId, "", ""));
                        assertEquals("i:1;", authOnly.readReply());
                    }
                }
                // connected before the silent ones were timed out, and still served
                established.send(request(Command.IS_ONLINE, others.clientConnectionId, "", ""));
                assertEquals("i:1;", established.readReply());
                others.assertServed();
            }
        }
    }

    @Test
    void hundredsOfSimultaneousConnections() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("k3y", b -> b);
             Bystanders others = new Bystanders(fx, "k3y")) {
            List<InnerPeer> busy = new ArrayList<>();
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    busy.add(new InnerPeer(fx.inner()));
                    Socket s = new Socket();
                    s.connect(fx.inner(), InnerPeer.READ_TIMEOUT_MS);
                    idle.add(s);
                }
                for (InnerPeer p : busy) {
                    p.send(request(Command.GATEWAY_CLIENT_CONNECT, 0, "", "{\"secret_key\":\"k3y\"}"));
                    p.send(request(Command.IS_ONLINE, others.clientConnectionId, "", ""));
                }
                others.assertServed();
                for (InnerPeer p : busy) {
                    assertEquals("i:1;", p.readReply());
                }
            } finally {
                for (InnerPeer p : busy) {
                    p.close();
                }
                for (Socket s : idle) {
                    s.close();
                }
            }
            others.assertServed();
        }
    }

    @Test
    void aRequesterThatReadsNoRepliesIsClosed() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.workerSendBufferLimit(64 * 1024));
             Bystanders others = new Bystanders(fx, "");
             LogCapture log = new LogCapture()) {
            byte[] bigSession = ("s:30000:\"" + "v".repeat(30_000) + "\";").getBytes(StandardCharsets.US_ASCII);
            others.worker.send(GatewayFrame.request(Command.SET_SESSION, others.clientConnectionId,
                    GatewayFrame.FLAG_SCALAR, bigSession, null));
            Socket deaf = new Socket();
            deaf.setReceiveBufferSize(4096);
            deaf.connect(fx.inner(), InnerPeer.READ_TIMEOUT_MS);
            deaf.setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
            int port = deaf.getLocalPort();
            try (deaf) {
                byte[] ask = GatewayFrameCodec.encode(request(Command.GET_ALL_CLIENT_SESSIONS, 0, "", ""));
                try {
                    for (int i = 0; i < 2_000; i++) {
                        deaf.getOutputStream().write(ask);
                    }
                } catch (IOException closed) {
                    // the gateway gave up on us
                }
                List<String> lines = log.await("WARN", "127.0.0.1:" + port);
                assertEquals(1, lines.size(), lines.toString());
                assertTrue(lines.get(0).contains("reads no replies"), lines.get(0));
                assertTrue(drainedToEof(deaf));
            }
            others.assertServed();
        }
    }

    @Test
    void aWorkerThatReadsNoEventsLosesEventsWithOneLogLine() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.workerSendBufferLimit(64 * 1024));
             Bystanders others = new Bystanders(fx, "");
             LogCapture log = new LogCapture()) {
            try (InnerPeer deaf = new InnerPeer(fx.inner(), 4096).announceWorker("deaf:0", "");
                 Socket victim = new Socket()) {
                victim.connect(fx.text(), InnerPeer.READ_TIMEOUT_MS); // least connections: routed to deaf
                byte[] line = ("x".repeat(60 * 1024) + "\n").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 200; i++) {
                    victim.getOutputStream().write(line);
                }
                List<String> full = log.await("WARN", "deaf:0", "dropped");
                assertEquals(1, full.size(), full.toString());
                others.assertServed();

                // the worker reads again: events reach it again
                java.util.concurrent.atomic.AtomicBoolean arrived = new java.util.concurrent.atomic.AtomicBoolean();
                Thread nudger = new Thread(() -> {
                    try {
                        while (!arrived.get()) {
                            victim.getOutputStream().write("final\n".getBytes(StandardCharsets.US_ASCII));
                            Thread.sleep(100);
                        }
                    } catch (IOException | InterruptedException e) {
                        // test over
                    }
                });
                nudger.start();
                try {
                    GatewayFrame f;
                    do {
                        f = deaf.readEvent();
                    } while (f.cmd() != Command.ON_MESSAGE.code()
                            || !"final".equals(new String(f.body(), StandardCharsets.US_ASCII)));
                } finally {
                    arrived.set(true);
                    nudger.join();
                }
                List<String> lines = log.lines("WARN", "deaf:0");
                assertEquals(1, lines.size(), lines.toString());
            }
            others.assertServed();
        }
    }

    /** Reads and discards until EOF (or a reset); false on a read timeout. */
    private static boolean drainedToEof(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] buf = new byte[64 * 1024];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
