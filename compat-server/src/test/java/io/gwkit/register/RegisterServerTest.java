package io.gwkit.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.testing.LinePeer;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("socket")
class RegisterServerTest {

    private static final String WORKER_CONNECT = "{\"event\":\"worker_connect\",\"secret_key\":\"\"}";

    private RegisterServer register;

    private InetSocketAddress start(RegisterServer.Builder builder) throws Exception {
        register = builder.listen("127.0.0.1", 0).build();
        return register.start();
    }

    @AfterEach
    void stop() {
        if (register != null) {
            register.close();
        }
    }

    private static String gatewayConnect(String address, String secret) {
        // Byte for byte what a PHP gateway sends (", " separators, secret verbatim).
        return "{\"event\":\"gateway_connect\", \"address\":\"" + address + "\", \"secret_key\":\"" + secret + "\"}";
    }

    @Test
    void gatewayAnnouncementsAreBroadcastToEveryWorker() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder());
        try (LinePeer worker1 = new LinePeer(addr); LinePeer worker2 = new LinePeer(addr);
             LinePeer gw1 = new LinePeer(addr); LinePeer gw2 = new LinePeer(addr)) {
            worker1.sendLine(WORKER_CONNECT);
            assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[]}", worker1.readLine());
            worker2.sendLine(WORKER_CONNECT);
            assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[]}", worker2.readLine());

            gw1.sendLine(gatewayConnect("127.0.0.1:2900", ""));
            String one = "{\"event\":\"broadcast_addresses\",\"addresses\":[\"127.0.0.1:2900\"]}";
            assertEquals(one, worker1.readLine());
            assertEquals(one, worker2.readLine());

            gw2.sendLine(gatewayConnect("127.0.0.1:2901", ""));
            // The exact line of the captures' startup traffic.
            String two = "{\"event\":\"broadcast_addresses\",\"addresses\":[\"127.0.0.1:2900\",\"127.0.0.1:2901\"]}";
            assertEquals(two, worker1.readLine());
            assertEquals(two, worker2.readLine());

            gw1.close();
            String after = "{\"event\":\"broadcast_addresses\",\"addresses\":[\"127.0.0.1:2901\"]}";
            assertEquals(after, worker1.readLine());
            assertEquals(after, worker2.readLine());
        }
    }

    @Test
    void duplicateAddressesAreListedOnce() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder());
        try (LinePeer gw1 = new LinePeer(addr); LinePeer gw2 = new LinePeer(addr); LinePeer worker = new LinePeer(addr)) {
            gw1.sendLine(gatewayConnect("10.0.0.1:2900", ""));
            gw2.sendLine(gatewayConnect("10.0.0.1:2900", ""));
            // A lookup after both announcements (a ping first: pings are accepted silently).
            awaitAddresses(addr, "[\"10.0.0.1:2900\"]");
            worker.sendLine("{\"event\":\"ping\"}").sendLine(WORKER_CONNECT);
            assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[\"10.0.0.1:2900\"]}", worker.readLine());
        }
    }

    /** A GatewayClient-style one-shot lookup, repeated until the register lists {@code expected}. */
    private static void awaitAddresses(InetSocketAddress addr, String expected) throws Exception {
        String want = "{\"event\":\"broadcast_addresses\",\"addresses\":" + expected + "}";
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try (LinePeer lookup = new LinePeer(addr)) {
                last = lookup.sendLine(WORKER_CONNECT).readLine();
            }
            if (want.equals(last)) {
                return;
            }
            Thread.onSpinWait();
        }
        assertEquals(want, last);
    }

    @Test
    void secretKeyIsChecked() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder().secretKey("s3cr3t/K3y"));
        try (LinePeer wrongWorker = new LinePeer(addr); LinePeer wrongGateway = new LinePeer(addr);
             LinePeer noKey = new LinePeer(addr); LinePeer good = new LinePeer(addr)) {
            wrongWorker.sendLine("{\"event\":\"worker_connect\",\"secret_key\":\"nope\"}");
            assertTrue(wrongWorker.closedByPeer());
            wrongGateway.sendLine(gatewayConnect("127.0.0.1:2900", "nope"));
            assertTrue(wrongGateway.closedByPeer());
            noKey.sendLine("{\"event\":\"worker_connect\"}");
            assertTrue(noKey.closedByPeer());
            good.sendLine("{\"event\":\"worker_connect\",\"secret_key\":\"s3cr3t/K3y\"}");
            assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[]}", good.readLine());
        }
    }

    @Test
    void garbageGetsPhpsErrorLineThenClose() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder());
        try (LinePeer peer = new LinePeer(addr)) {
            peer.sendLine("hello there");
            assertEquals("Bad request for Register service. Request info(IP:127.0.0.1, Request Buffer:hello there). "
                    + "See http://doc2.workerman.net/register-auth-timeout.html", peer.readLine());
            assertNull(peer.readLine());
        }
        try (LinePeer peer = new LinePeer(addr)) {
            peer.sendLine("{\"no_event\":1}");
            assertTrue(peer.readLine().startsWith("Bad request for Register service."));
            assertNull(peer.readLine());
        }
    }

    @Test
    void unknownEventAndMissingAddressAreClosedWithoutAnswer() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder());
        try (LinePeer unknown = new LinePeer(addr); LinePeer noAddress = new LinePeer(addr);
             LinePeer arrayAddress = new LinePeer(addr)) {
            unknown.sendLine("{\"event\":\"launch_missiles\"}");
            assertNull(unknown.readLine());
            noAddress.sendLine("{\"event\":\"gateway_connect\",\"secret_key\":\"\"}");
            assertNull(noAddress.readLine());
            arrayAddress.sendLine("{\"event\":\"gateway_connect\",\"address\":[\"x\"],\"secret_key\":\"\"}");
            assertNull(arrayAddress.readLine());
        }
        awaitAddresses(addr, "[]");
    }

    @Test
    void tooLongLineIsClosed() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder().maxLineLength(1024));
        try (LinePeer peer = new LinePeer(addr)) {
            peer.sendRaw(new byte[4096]);
            assertTrue(peer.closedByPeer());
        }
    }

    @Test
    void silentConnectionIsClosedAfterTheAuthTimeout() throws Exception {
        InetSocketAddress addr = start(RegisterServer.builder().authTimeout(Duration.ofMillis(200)));
        try (LinePeer silent = new LinePeer(addr); LinePeer worker = new LinePeer(addr)) {
            worker.sendLine(WORKER_CONNECT);
            assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[]}", worker.readLine());
            assertTrue(silent.closedByPeer());
            // A connection that spoke in time stays subscribed.
            try (LinePeer gw = new LinePeer(addr)) {
                gw.sendLine(gatewayConnect("127.0.0.1:2900", ""));
                assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[\"127.0.0.1:2900\"]}",
                        worker.readLine());
            }
        }
    }
}
