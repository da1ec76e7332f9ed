package io.gwkit.gateway;

import static io.gwkit.testing.InnerPeer.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.register.RegisterServer;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Secrets, bad input on every link, slow clients, heartbeat, worker replacement, several gateways. */
@Tag("socket")
class GatewayRobustnessTest {

    private static final String SECRET = "s3cr3t/K3y";

    @Test
    void secretKeyGuardsTheInnerPort() throws Exception {
        try (GatewayFixture fx = new GatewayFixture(SECRET, b -> b)) {
            try (InnerPeer anonymous = new InnerPeer(fx.inner())) {
                anonymous.send(request(Command.IS_ONLINE, 1, "", ""));
                assertTrue(anonymous.closedByPeer());
            }
            try (InnerPeer wrongClient = new InnerPeer(fx.inner())) {
                wrongClient.send(request(Command.GATEWAY_CLIENT_CONNECT, 0, "", "{\"secret_key\":\"nope\"}"));
                assertTrue(wrongClient.closedByPeer());
            }
            try (InnerPeer wrongWorker = new InnerPeer(fx.inner())) {
                wrongWorker.send(request(Command.WORKER_CONNECT, 0, "", "{\"worker_key\":\"w:0\",\"secret_key\":\"\"}"));
                assertTrue(wrongWorker.closedByPeer());
            }
            // The GatewayClient shape: cmd 202 (json_encoded secret, "\/") then the request, on one connection.
            assertEquals("i:0;", InnerPeer.call(fx.inner(), "s3cr3t\\/K3y", request(Command.IS_ONLINE, 1, "", "")));
            try (InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "s3cr3t\\/K3y");
                 LinePeer client = new LinePeer(fx.text())) {
                assertEquals(Command.ON_CONNECT.code(), worker.readEvent().cmd());
                assertEquals("i:1;", InnerPeer.call(fx.inner(), "s3cr3t\\/K3y", request(Command.IS_ONLINE, 1, "", "")));
            }
        }
    }

    @Test
    void withoutSecretAWorkerStillNeedsAnEmptyKey() throws Exception {
        try (GatewayFixture fx = new GatewayFixture(); InnerPeer noKey = new InnerPeer(fx.inner())) {
            noKey.send(request(Command.WORKER_CONNECT, 0, "", "{\"worker_key\":\"w:0\"}"));
            assertTrue(noKey.closedByPeer());
            assertEquals("i:0;", InnerPeer.call(fx.inner(), null, request(Command.IS_ONLINE, 1, "", "")));
        }
    }

    @Test
    void aClientWithoutWorkerIsClosed() throws Exception {
        try (GatewayFixture fx = new GatewayFixture(); LinePeer client = new LinePeer(fx.text())) {
            assertTrue(client.closedByPeer());
        }
    }

    @Test
    void garbageOnEachListenerClosesOnlyThatClient() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b
                .listen(Listener.of(Listener.Protocol.TEXT, "127.0.0.1", 0).withMaxPackageSize(1024)));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             LinePeer bystander = new LinePeer(fx.text())) {
            long bystanderId = worker.readEvent().connectionId();

            try (LinePeer longLine = new LinePeer(fx.gateway.listenerAddresses().get(4))) {
                worker.readEvent();
                longLine.sendRaw(new byte[4096]);
                assertTrue(longLine.closedByPeer());
                assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());
            }
            try (LinePeer badFrame = new LinePeer(fx.frame())) {
                worker.readEvent();
                badFrame.sendRaw(HexFormat.of().parseHex("00000002"));
                assertTrue(badFrame.closedByPeer());
                assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());
            }
            try (LinePeer notHttp = new LinePeer(fx.websocket())) {
                worker.readEvent();
                notHttp.sendRaw("HELLO\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                String answer = new String(notHttp.readToEof(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 200 Websocket\r\nServer: workerman/4.0.19\r\n\r\n"), answer);
                assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());
            }
            try (LinePeer unmasked = new LinePeer(fx.websocket())) {
                worker.readEvent();
                unmasked.sendRaw(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                assertEquals(Command.ON_WEBSOCKET_CONNECT.code(), worker.readEvent().cmd());
                unmasked.readHttpHead();
                unmasked.sendRaw(HexFormat.of().parseHex("8103616263"));
                assertTrue(unmasked.closedByPeer());
                assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());
            }
            worker.send(request(Command.SEND_TO_ONE, bystanderId, "", "still here"));
            assertEquals("still here", bystander.readLine());
        }
    }

    @Test
    void aWorkerSendingAMalformedFrameIsClosedOthersUnaffected() throws Exception {
        try (GatewayFixture fx = new GatewayFixture();
             InnerPeer good = new InnerPeer(fx.inner()).announceWorker("good:0", "");
             InnerPeer bad = new InnerPeer(fx.inner()).announceWorker("bad:0", "");
             LinePeer client = new LinePeer(fx.text())) {
            // least connections: the first client goes to the first worker
            long id = good.readEvent().connectionId();
            bad.sendRaw(HexFormat.of().parseHex("00000005ff"));                 // pack_len below the header
            assertTrue(bad.closedByPeer());
            try (InnerPeer liar = new InnerPeer(fx.inner())) {
                liar.sendRaw(HexFormat.of().parseHex("7fffffff0c"));            // pack_len over the limit
                assertTrue(liar.closedByPeer());
            }
            try (InnerPeer extLiar = new InnerPeer(fx.inner())) {                // ext_len past the end
                extLiar.sendRaw(HexFormat.of().parseHex("0000001c0c" + "00".repeat(19) + "000000ff"));
                assertTrue(extLiar.closedByPeer());
            }
            good.send(request(Command.SEND_TO_ONE, id, "", "fine"));
            assertEquals("fine", client.readLine());
        }
    }

    @Test
    void aSecondWorkerWithTheSameKeyReplacesTheFirst() throws Exception {
        try (GatewayFixture fx = new GatewayFixture();
             InnerPeer first = new InnerPeer(fx.inner()).announceWorker("same:0", "")) {
            try (InnerPeer second = new InnerPeer(fx.inner()).announceWorker("same:0", "")) {
                assertTrue(first.closedByPeer());
                try (LinePeer client = new LinePeer(fx.text())) {
                    assertEquals(Command.ON_CONNECT.code(), second.readEvent().cmd());
                }
            }
        }
    }

    @Test
    void clientsStickToTheirWorkerAndMoveWhenItLeaves() throws Exception {
        try (GatewayFixture fx = new GatewayFixture();
             InnerPeer w1 = new InnerPeer(fx.inner()).announceWorker("a:0", "");
             InnerPeer w2 = new InnerPeer(fx.inner()).announceWorker("b:0", "");
             LinePeer c1 = new LinePeer(fx.text())) {
            assertEquals(1, w1.readEvent().connectionId());
            try (LinePeer c2 = new LinePeer(fx.text())) {
                assertEquals(2, w2.readEvent().connectionId());        // least connections
                c1.sendLine("m1");
                assertEquals("m1", new String(w1.readEvent().body(), StandardCharsets.UTF_8));
                c2.sendLine("m2");
                assertEquals("m2", new String(w2.readEvent().body(), StandardCharsets.UTF_8));
                w1.close();
                // w1's client moves to the remaining worker with its next message
                InnerPeer.call(fx.inner(), null, request(Command.IS_ONLINE, 1, "", ""));
                c1.sendLine("m3");
                GatewayFrame moved = w2.readEvent();
                assertEquals(1, moved.connectionId());
                assertEquals("m3", new String(moved.body(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aSlowClientIsDroppedWithoutSlowingOthers() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.clientSendBufferLimit(256 * 1024)
                .slowClient(SlowClientPolicy.CLOSE, Duration.ZERO));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             LinePeer slow = new LinePeer(fx.tcp())) {
            long slowId = worker.readEvent().connectionId();
            slow.socket().setReceiveBufferSize(4096);
            try (LinePeer fast = new LinePeer(fx.text())) {
                long fastId = worker.readEvent().connectionId();
                byte[] chunk = new byte[64 * 1024];
                int sent = 0;
                for (int i = 0; i < 200; i++) {
                    worker.send(GatewayFrame.request(Command.SEND_TO_ONE, slowId, 1, null, chunk));
                    sent += chunk.length;
                }
                worker.send(request(Command.SEND_TO_ONE, fastId, "", "not blocked"));
                assertEquals("not blocked", fast.readLine());
                GatewayFrame close = worker.readEvent();
                assertEquals(Command.ON_CLOSE.code(), close.cmd());
                assertEquals(slowId, close.connectionId());
                assertTrue(slow.readToEof().length < sent);
            }
        }
    }

    @Test
    void heartbeatPingsThenClosesSilentClients() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.pingInterval(Duration.ofMillis(200))
                .pingNotResponseLimit(1).pingData("{\"type\":\"ping\"}"));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             LinePeer silent = new LinePeer(fx.text())) {
            worker.readEvent();
            assertEquals("{\"type\":\"ping\"}", silent.readLine());
            assertTrue(silent.closedByPeer());
            assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());
        }
    }

    @Test
    void bindsOnePortAnnouncesAnother() throws Exception {
        try (RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build()) {
            int registerPort = register.start().getPort();
            GatewayServer gw = GatewayServer.builder().listen("text://127.0.0.1:0")
                    .lanIp("127.0.0.1").lanPort(2900).innerBind("127.0.0.1", 0)
                    .register("127.0.0.1:" + registerPort).build();
            try (LinePeer subscriber = new LinePeer(register.address())) {
                subscriber.sendLine("{\"event\":\"worker_connect\",\"secret_key\":\"\"}");
                assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[]}", subscriber.readLine());
                gw.start().get(15, TimeUnit.SECONDS);
                assertEquals("127.0.0.1:2900", gw.announcedAddress());
                assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[\"127.0.0.1:2900\"]}",
                        subscriber.readLine());
                try (InnerPeer worker = new InnerPeer(gw.innerAddress()).announceWorker("w:0", "");
                     LinePeer client = new LinePeer(gw.listenerAddresses().get(0))) {
                    GatewayFrame connect = worker.readEvent();
                    assertEquals(2900, connect.localPort());
                }
            } finally {
                gw.close();
            }
        }
    }

    @Test
    void twoGatewaysOnOneRegisterAndReRegistration() throws Exception {
        try (RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build()) {
            int registerPort = register.start().getPort();
            GatewayServer.Builder base = GatewayServer.builder().listen("text://127.0.0.1:0").lanIp("127.0.0.1")
                    .lanPort(0).register("127.0.0.1:" + registerPort).registerReconnectDelay(Duration.ofMillis(100));
            GatewayServer a = base.name("a").build();
            GatewayServer b = base.name("b").build();
            try (LinePeer worker = new LinePeer(register.address())) {
                worker.sendLine("{\"event\":\"worker_connect\",\"secret_key\":\"\"}");
                assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[]}", worker.readLine());
                a.start().get(15, TimeUnit.SECONDS);
                assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[\"" + a.announcedAddress() + "\"]}",
                        worker.readLine());
                b.start().get(15, TimeUnit.SECONDS);
                assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[\"" + a.announcedAddress() + "\",\""
                        + b.announcedAddress() + "\"]}", worker.readLine());
                a.close();
                assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[\"" + b.announcedAddress() + "\"]}",
                        worker.readLine());
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void gatewayReannouncesAfterARegisterRestart() throws Exception {
        RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build();
        int port = register.start().getPort();
        GatewayServer gw = GatewayServer.builder().listen("text://127.0.0.1:0").lanIp("127.0.0.1").lanPort(0)
                .register("127.0.0.1:" + port).registerReconnectDelay(Duration.ofMillis(100)).build();
        try {
            gw.start().get(15, TimeUnit.SECONDS);
            register.close();
            register = RegisterServer.builder().listen("127.0.0.1", port).build();
            register.start();
            String want = "{\"event\":\"broadcast_addresses\",\"addresses\":[\"" + gw.announcedAddress() + "\"]}";
            String got;
            try (LinePeer subscriber = new LinePeer(register.address())) {
                // the first line is the list at subscription time; later lines follow each announcement
                got = subscriber.sendLine("{\"event\":\"worker_connect\",\"secret_key\":\"\"}").readLine();
                if (!want.equals(got)) {
                    got = subscriber.readLine();
                }
            }
            assertEquals(want, got);
        } finally {
            gw.close();
            register.close();
        }
    }

    @Test
    void keepalivesWhenNotOnLoopback() throws Exception {
        try (java.net.ServerSocket fakeRegister = new java.net.ServerSocket(0, 5,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            fakeRegister.setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
            GatewayServer gw = GatewayServer.builder().listen("text://127.0.0.1:0")
                    .lanIp("10.1.2.3").lanPort(2900).innerBind("127.0.0.1", 0)
                    .register("localhost:" + fakeRegister.getLocalPort())   // not "127.0.0.1...": pings
                    .secretKey("s3cr3t/K3y")
                    .keepaliveInterval(Duration.ofMillis(200))
                    .router(Router.RANDOM)
                    .build();
            try {
                gw.start();
                try (java.net.Socket link = fakeRegister.accept()) {
                    link.setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
                    java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                            link.getInputStream(), StandardCharsets.UTF_8));
                    // PHP's hand-built line: ", " separators, secret verbatim
                    assertEquals("{\"event\":\"gateway_connect\", \"address\":\"10.1.2.3:2900\", "
                            + "\"secret_key\":\"s3cr3t/K3y\"}", lines.readLine());
                    assertEquals("{\"event\":\"ping\"}", lines.readLine());
                }
                try (InnerPeer worker = new InnerPeer(gw.innerAddress()).announceWorker("w:0", "s3cr3t\\/K3y")) {
                    GatewayFrame ping = worker.readFrame();
                    assertEquals(Command.PING.code(), ping.cmd());
                    assertEquals(GatewayFrame.FLAG_SCALAR, ping.flag());
                    try (LinePeer client = new LinePeer(gw.listenerAddresses().get(0))) {
                        GatewayFrame connect = worker.readEvent();           // RANDOM router, one worker
                        assertEquals(Command.ON_CONNECT.code(), connect.cmd());
                        assertEquals(0x0a010203L, connect.localIp());
                        assertEquals(2900, connect.localPort());
                    }
                }
            } finally {
                gw.close();
            }
        }
    }
}
