package io.gwkit.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.testing.LinePeer;
import io.gwkit.testing.LogCapture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile register peers (issue #8): garbage, missing fields, wrong secrets, a 5 MB line without newline,
 * silent connections, 500 connections at once. Each offender is closed as PHP's Register closes it, logged
 * in one WARN line, and a subscribed worker and an announced gateway are unaffected.
 */
@Tag("socket")
class RegisterHostileTest {

    private static final String SECRET = "k3y";
    private static final String WORKER_CONNECT = "{\"event\":\"worker_connect\",\"secret_key\":\"k3y\"}";
    private static final String BAD_REQUEST = "Bad request for Register service.";

    private RegisterServer register;
    private InetSocketAddress address;
    private LinePeer subscriber;
    private LinePeer gateway;
    private int probes;

    @AfterEach
    void stop() throws IOException {
        if (subscriber != null) {
            subscriber.close();
            gateway.close();
        }
        if (register != null) {
            register.close();
        }
    }

    private void start(RegisterServer.Builder b) throws Exception {
        register = b.listen("127.0.0.1", 0).secretKey(SECRET).build();
        address = register.start();
        subscriber = new LinePeer(address).sendLine(WORKER_CONNECT);
        assertEquals(list(), subscriber.readLine());
        gateway = new LinePeer(address).sendLine(gatewayConnect("10.0.0.1:2900"));
        assertEquals(list("10.0.0.1:2900"), subscriber.readLine());
    }

    private static String gatewayConnect(String address) {
        return "{\"event\":\"gateway_connect\",\"address\":\"" + address + "\",\"secret_key\":\"k3y\"}";
    }

    private static String list(String... addresses) {
        StringBuilder s = new StringBuilder("{\"event\":\"broadcast_addresses\",\"addresses\":[");
        for (int i = 0; i < addresses.length; i++) {
            s.append(i == 0 ? "" : ",").append('"').append(addresses[i]).append('"');
        }
        return s.append("]}").toString();
    }

    /** The subscriber hears of a new gateway and of its leaving; the first gateway is still listed. */
    private void assertServed() throws Exception {
        String probe = "10.0.1." + (++probes) + ":2900";
        try (LinePeer g = new LinePeer(address)) {
            g.sendLine(gatewayConnect(probe));
            assertEquals(list("10.0.0.1:2900", probe), subscriber.readLine());
        }
        assertEquals(list("10.0.0.1:2900"), subscriber.readLine());
    }

    static Stream<Arguments> offenders() {
        return Stream.of(
                // PHP: empty($data['event']) → "Bad request ..." text, then close
                Arguments.of("not JSON", "hello there", true),
                Arguments.of("JSON scalar", "42", true),
                Arguments.of("JSON list", "[1,2,3]", true),
                Arguments.of("no event", "{\"secret_key\":\"k3y\"}", true),
                Arguments.of("empty event", "{\"event\":\"\"}", true),
                Arguments.of("event 0", "{\"event\":0}", true),
                Arguments.of("deep JSON", "[".repeat(8_000), true), // just under the 8 KiB line limit
                // PHP: close without an answer
                Arguments.of("unknown event", "{\"event\":\"launch\"}", false),
                Arguments.of("event is an object", "{\"event\":{\"a\":1}}", false),
                Arguments.of("gateway without address", "{\"event\":\"gateway_connect\",\"secret_key\":\"k3y\"}",
                        false),
                Arguments.of("address is a list",
                        "{\"event\":\"gateway_connect\",\"address\":[\"x\"],\"secret_key\":\"k3y\"}", false),
                Arguments.of("worker, wrong key", "{\"event\":\"worker_connect\",\"secret_key\":\"K3Y\"}", false),
                Arguments.of("worker, no key", "{\"event\":\"worker_connect\"}", false),
                Arguments.of("worker, key as number", "{\"event\":\"worker_connect\",\"secret_key\":3}", false),
                Arguments.of("worker, key as list", "{\"event\":\"worker_connect\",\"secret_key\":[\"k3y\"]}",
                        false),
                Arguments.of("gateway, wrong key",
                        "{\"event\":\"gateway_connect\",\"address\":\"6.6.6.6:1\",\"secret_key\":\"\"}", false),
                Arguments.of("not UTF-8", "\u00ff", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offenders")
    void anOffenderIsClosedAndLoggedOnceOthersUnaffected(String name, String line, boolean badRequestText)
            throws Exception {
        start(RegisterServer.builder());
        try (LogCapture log = new LogCapture(); LinePeer offender = new LinePeer(address)) {
            byte[] bytes = (line + "\n").getBytes(name.equals("not UTF-8")
                    ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            offender.sendRaw(bytes);
            offender.sendRaw(bytes); // a second bad line after the first is never looked at
            String answer = new String(offender.readToEof(), StandardCharsets.UTF_8);
            if (badRequestText) {
                assertTrue(answer.startsWith(BAD_REQUEST), answer);
                assertEquals(1, answer.lines().count(), answer);
            } else {
                assertEquals("", answer);
            }
            List<String> lines = log.await("WARN", "127.0.0.1:" + offender.localPort());
            assertEquals(1, lines.size(), lines.toString());
        }
        assertServed();
    }

    @Test
    void aFiveMegabyteLineWithoutNewlineIsClosedAtTheLineLimit() throws Exception {
        // PHP buffers it (Text protocol, 10 MB limit) until its 10 s auth timer fires; we stop at 1 MiB
        start(RegisterServer.builder());
        try (LogCapture log = new LogCapture(); LinePeer flood = new LinePeer(address)) {
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 5 * 16; i++) {
                    flood.sendRaw(chunk);
                }
            } catch (IOException closedWhileSending) {
                // expected: closed at the limit
            }
            assertTrue(flood.closedByPeer());
            List<String> lines = log.await("WARN", "127.0.0.1:" + flood.localPort());
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("FrameTooLongException"), lines.get(0));
        }
        assertServed();
    }

    @Test
    void connectionsThatDoNotAuthenticateAreClosedAtTheAuthTimeoutSubscribersStay() throws Exception {
        start(RegisterServer.builder().authTimeout(Duration.ofMillis(300)));
        try (LogCapture log = new LogCapture(); LinePeer silent = new LinePeer(address);
             LinePeer halfLine = new LinePeer(address); LinePeer pinger = new LinePeer(address);
             LinePeer late = new LinePeer(address)) {
            halfLine.sendRaw("{\"event\":\"worker_con".getBytes(StandardCharsets.US_ASCII));
            // PHP's timer stops at any first line; ours only at a successful connect
            pinger.sendLine("{\"event\":\"ping\"}");
            late.sendLine(WORKER_CONNECT);
            assertEquals(list("10.0.0.1:2900"), late.readLine());
            assertTrue(silent.closedByPeer());
            assertTrue(halfLine.closedByPeer());
            assertTrue(pinger.closedByPeer());
            for (LinePeer p : List.of(silent, halfLine, pinger)) {
                List<String> lines = log.await("WARN", "127.0.0.1:" + p.localPort());
                assertEquals(1, lines.size(), lines.toString());
                assertTrue(lines.get(0).contains("auth timeout"), lines.get(0));
            }
            late.sendLine("{\"event\":\"ping\"}").sendLine(WORKER_CONNECT);
            assertEquals(list("10.0.0.1:2900"), late.readLine());
        }
        assertServed(); // the subscribers and the gateway authenticated long before the timeout and stay
    }

    @Test
    void fiveHundredSimultaneousConnections() throws Exception {
        start(RegisterServer.builder());
        List<LinePeer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                peers.add(new LinePeer(address));
            }
            for (int i = 0; i < peers.size(); i++) {
                peers.get(i).sendLine(i % 2 == 0 ? WORKER_CONNECT : "garbage " + i);
            }
            for (int i = 0; i < peers.size(); i++) {
                String line = peers.get(i).readLine();
                if (i % 2 == 0) {
                    assertEquals(list("10.0.0.1:2900"), line);
                } else {
                    assertTrue(line.startsWith(BAD_REQUEST), line);
                    assertTrue(peers.get(i).closedByPeer());
                }
            }
            assertServed();
            // the 250 subscribed peers heard the probe gateway come and go, too
            for (int i = 0; i < peers.size(); i += 2) {
                assertEquals(list("10.0.0.1:2900", "10.0.1.1:2900"), peers.get(i).readLine());
                assertEquals(list("10.0.0.1:2900"), peers.get(i).readLine());
            }
        } finally {
            for (LinePeer p : peers) {
                p.close();
            }
        }
        assertServed();
    }

    @Test
    void binaryGarbageIsClosed() throws Exception {
        start(RegisterServer.builder());
        try (LinePeer offender = new LinePeer(address)) {
            offender.sendRaw(HexFormat.of().parseHex("0000004a0c7f000001ffff0a"));
            offender.readToEof();
        }
        assertServed();
    }
}
