package io.gwkit.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.testing.LinePeer;
import io.gwkit.testing.LogCapture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Secure defaults of the register (issue 16): bind, secret handling, limits before authentication. */
@Tag("socket")
class RegisterSecurityTest {

    private static final String SECRET = "real-s3cret-9f2";
    private static final String WRONG = "guessed-k3y-41c";
    private static final String EMPTY_LIST = "{\"event\":\"broadcast_addresses\",\"addresses\":[]}";

    private RegisterServer register;

    @AfterEach
    void stop() {
        if (register != null) {
            register.close();
        }
    }

    private InetSocketAddress start(RegisterServer.Builder b) throws Exception {
        register = b.build();
        return register.start();
    }

    private static String workerConnect(String secret) {
        return "{\"event\":\"worker_connect\",\"secret_key\":\"" + secret + "\"}";
    }

    @Test
    void anOpenAddressNeedsASecretOrInsecureNoSecret() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RegisterServer.builder().listen("0.0.0.0", 0).build());
        assertTrue(e.getMessage().contains("--insecure-no-secret"), e.getMessage());
        assertTrue(e.getMessage().contains("0.0.0.0"), e.getMessage());
        RegisterServer.builder().listen("0.0.0.0", 0).secretKey(SECRET).build();
        try (LogCapture log = new LogCapture()) {
            InetSocketAddress bound = start(RegisterServer.builder().listen("0.0.0.0", 0).insecureNoSecret(true));
            assertTrue(bound.getAddress().isAnyLocalAddress());
            assertEquals(1, log.lines("WARN", "--insecure-no-secret").size(), log.text());
        }
        // loopback needs nothing: the default
        RegisterServer.builder().listen("127.0.0.1", 0).build();
        RegisterServer.builder().listen("localhost", 0).build();
    }

    @Test
    void neitherTheSecretNorAWrongOneIsLogged() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder().listen("127.0.0.1", 0).secretKey(SECRET));
        try (LogCapture log = new LogCapture(); LinePeer peer = new LinePeer(addr)) {
            peer.sendLine(workerConnect(WRONG));
            assertTrue(peer.closedByPeer());
            List<String> lines = log.await("WARN", "key does not match", "127.0.0.1:" + peer.localPort());
            assertEquals(1, lines.size(), lines.toString());
            assertFalse(log.text().contains(WRONG), log.text());
            assertFalse(log.text().contains(SECRET), log.text());
        }
    }

    @Test
    void failedAuthenticationsPauseThatAddressOnly() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder().listen("127.0.0.1", 0).secretKey(SECRET));
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 5; i++) {
                try (LinePeer guess = new LinePeer(addr)) {
                    guess.sendLine(workerConnect(WRONG + i));
                    assertTrue(guess.closedByPeer());
                }
            }
            // now even the right key from that address is closed without an answer
            try (LinePeer right = new LinePeer(addr)) {
                right.sendLine(workerConnect(SECRET));
                assertTrue(right.closedByPeer());
            }
            assertEquals(1, log.await("WARN", "5 failed authentications from 127.0.0.1").size(), log.text());
            // another address is served (Linux routes all of 127/8 to loopback)
            try (Socket other = new Socket()) {
                other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                other.connect(addr);
                other.setSoTimeout(15_000);
                other.getOutputStream().write((workerConnect(SECRET) + "\n").getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(other.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals(EMPTY_LIST, in.readLine());
            }
        }
    }

    @Test
    void unauthenticatedConnectionsAreCapped() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder().listen("127.0.0.1", 0)
                .maxUnauthenticatedConnections(3));
        List<LinePeer> silent = new ArrayList<>();
        try (LogCapture log = new LogCapture(); LinePeer worker = new LinePeer(addr)) {
            worker.sendLine(workerConnect(""));
            assertEquals(EMPTY_LIST, worker.readLine()); // authenticated: no longer counted
            for (int i = 0; i < 3; i++) {
                silent.add(new LinePeer(addr));
            }
            try (LinePeer fourth = new LinePeer(addr)) {
                assertTrue(fourth.closedByPeer());
            }
            assertEquals(1, log.await("WARN", "have not authenticated yet").size(), log.text());
            silent.remove(0).close();
            // the slot is free again once the register has seen the close
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (true) {
                try (LinePeer next = new LinePeer(addr)) {
                    next.sendLine(workerConnect(""));
                    String line = next.readLine();
                    if (EMPTY_LIST.equals(line)) {
                        break;
                    }
                    assertTrue(System.nanoTime() < deadline, "no slot freed");
                    Thread.sleep(20);
                } catch (java.io.IOException closed) {
                    assertTrue(System.nanoTime() < deadline, "no slot freed");
                    Thread.sleep(20);
                }
            }
        } finally {
            for (LinePeer p : silent) {
                p.close();
            }
        }
    }

    @Test
    void linesAreBoundedByDefault() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder().listen("127.0.0.1", 0));
        try (LinePeer peer = new LinePeer(addr)) {
            peer.sendRaw(new byte[RegisterServer.DEFAULT_MAX_LINE_LENGTH + 1]);
            assertTrue(peer.closedByPeer());
        }
        assertEquals(8 * 1024, RegisterServer.DEFAULT_MAX_LINE_LENGTH);
    }

    @Test
    void aSubscriberThatNeverReadsIsClosed() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder().listen("127.0.0.1", 0));
        try (LogCapture log = new LogCapture(); Socket deaf = new Socket();
             LinePeer gateway = new LinePeer(addr)) {
            deaf.setReceiveBufferSize(4096);
            deaf.connect(addr);
            deaf.getOutputStream().write((workerConnect("") + "\n").getBytes(StandardCharsets.UTF_8));
            String padding = "x".repeat(7000);
            for (int i = 0; i < 4000 && log.lines("WARN", "does not read").isEmpty(); i++) {
                gateway.sendLine("{\"event\":\"gateway_connect\",\"address\":\"" + padding + i
                        + "\",\"secret_key\":\"\"}");
            }
            assertEquals(1, log.await("WARN", "does not read the register's broadcasts").size(), log.text());
        }
        try (LinePeer lookup = new LinePeer(addr)) { // still serving
            lookup.sendLine(workerConnect(""));
            assertTrue(lookup.readLine().startsWith("{\"event\":\"broadcast_addresses\""));
        }
    }

    @Test
    void peerTextInLogLinesIsEscaped() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder().listen("127.0.0.1", 0));
        try (LogCapture log = new LogCapture(); LinePeer peer = new LinePeer(addr)) {
            peer.sendLine("{\"event\":\"x\\r\\n[main] WARN io.gwkit forged line\\u001b[2J\"}");
            assertTrue(peer.closedByPeer());
            List<String> lines = log.await("WARN", "unknown event");
            assertEquals(1, lines.size(), log.text());
            assertTrue(lines.get(0).contains("x\\r\\n[main] WARN io.gwkit forged line\\u001b[2J"), lines.get(0));
            assertTrue(log.text().lines().noneMatch(l -> l.startsWith("[main] WARN io.gwkit forged")), log.text());
            assertFalse(log.text().contains("\u001b"), log.text());
        }
    }
}
