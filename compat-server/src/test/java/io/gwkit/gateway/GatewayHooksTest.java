package io.gwkit.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import io.gwkit.testing.WsPeer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link GatewayHooks} on a real gateway: handshake decisions, frame types, lifecycle callbacks, router. */
@Tag("socket")
class GatewayHooksTest {

    private static final String CHAT_UPGRADE = "GET /chat?token=u-alice HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Protocol: other, gw.chat.v1\r\nSec-WebSocket-Version: 13\r\n\r\n";

    /** The chat example's handshake: tokens u-[a-z0-9]{1,32}, subprotocol gw.chat.v1 when offered. */
    static class ChatHandshake implements GatewayHooks {
        @Override
        public CompletionStage<Handshake.Result> onWebSocketHandshake(Handshake h) {
            String token = h.query("token");
            if (!token.matches("u-[a-z0-9]{1,32}")) {
                return Handshake.reject(403, "bad token");
            }
            return Handshake.accept()
                    .subprotocol(h.offers("gw.chat.v1") ? "gw.chat.v1" : null)
                    .header("X-Chat-Uid", token.substring(2))
                    .session(Map.of("uid", token.substring(2)))
                    .toStage();
        }
    }

    private static WsPeer upgrade(InetSocketAddress address, String request) throws Exception {
        WsPeer peer = new WsPeer(address, 0);
        peer.sendRaw(request.getBytes(StandardCharsets.ISO_8859_1));
        return peer;
    }

    private static String upgradeRequest(String pathAndQuery) {
        return CHAT_UPGRADE.replace("/chat?token=u-alice", pathAndQuery);
    }

    @Test
    void aRefusedTokenGetsItsStatusBeforeAny101AndTheWorkerNeverSeesAHandshake() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.hooks(new ChatHandshake()));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             WsPeer client = upgrade(fx.websocket(), upgradeRequest("/chat?token=mallory"))) {
            String response = new String(client.readToEof(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 403 Forbidden\r\n"), response);
            assertTrue(response.contains("\r\nContent-Length: 9\r\n"), response);
            assertTrue(response.endsWith("\r\n\r\nbad token"), response);
            assertEquals(Command.ON_CONNECT.code(), worker.readEvent().cmd());
            assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd()); // no 205 in between
            assertEquals(0, fx.gateway.stats().hookFailures());
        }
    }

    @Test
    void anAcceptedHandshakeSelectsTheSubprotocolAddsHeadersAndSeedsTheSession() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.hooks(new ChatHandshake()));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             WsPeer client = upgrade(fx.websocket(), CHAT_UPGRADE)) {
            String head = client.readHttpHead();
            assertEquals("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                    + "Sec-WebSocket-Protocol: gw.chat.v1\r\nX-Chat-Uid: alice\r\nServer: workerman/4.0.19\r\n\r\n",
                    head);
            assertEquals(Command.ON_CONNECT.code(), worker.readEvent().cmd());
            GatewayFrame connect = worker.readEvent();
            assertEquals(Command.ON_WEBSOCKET_CONNECT.code(), connect.cmd());
            PhpArray session = new PhpArray();
            session.put("uid", "alice");
            assertArrayEquals(PhpSerializer.serialize(session), connect.extData());
            client.sendText("hi");
            GatewayFrame message = worker.readEvent();
            assertArrayEquals(PhpSerializer.serialize(session), message.extData());
            assertFalse(message.isBinary());
        }
    }

    @Test
    void handshakeDataCarriesRemoteAddrAndPortUnlessCaptureCompatible() throws Exception {
        for (boolean compatible : new boolean[] {false, true}) {
            try (GatewayFixture fx = new GatewayFixture("", b -> b.captureCompatibleHandshakeData(compatible));
                 InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
                 WsPeer client = WsPeer.open(fx.websocket())) {
                worker.readEvent();
                PhpArray data = (PhpArray) PhpSerializer.unserialize(worker.readEvent().body());
                PhpArray server = (PhpArray) data.get("server");
                List<Object> keys = List.copyOf(server.keySet());
                if (compatible) {
                    assertEquals("QUERY_STRING", keys.get(keys.size() - 1));
                    assertFalse(server.containsKey("REMOTE_ADDR"));
                } else {
                    assertEquals(List.of("QUERY_STRING", "REMOTE_ADDR", "REMOTE_PORT"), keys.subList(keys.size() - 3,
                            keys.size()));
                    assertEquals("127.0.0.1", server.get("REMOTE_ADDR"));
                    assertEquals((long) client.socket().getLocalPort(), server.get("REMOTE_PORT"));
                }
            }
        }
    }

    @Test
    void aClientOfferingNoSubprotocolConnectsToo() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.hooks(new ChatHandshake()));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             WsPeer client = upgrade(fx.websocket(), CHAT_UPGRADE.replace(
                     "Sec-WebSocket-Protocol: other, gw.chat.v1\r\n", ""))) {
            String head = client.readHttpHead();
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            assertFalse(head.contains("Sec-WebSocket-Protocol"), head);
        }
    }

    @Test
    void binaryFramesRoundTripAndTheFrameTypeIsPerConnectionAndPerMessage() throws Exception {
        GatewayHooks binaryByDefault = new GatewayHooks() {
            @Override
            public void onConnect(Client client) {
                if (client.listener().protocol() == Listener.Protocol.WEBSOCKET) {
                    client.frameType(FrameType.BINARY);
                }
            }
        };
        try (GatewayFixture fx = new GatewayFixture("", b -> b);
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             WsPeer client = WsPeer.open(fx.websocket())) {
            long id = worker.readEvent().connectionId();
            assertEquals(Command.ON_WEBSOCKET_CONNECT.code(), worker.readEvent().cmd());
            byte[] bytes = {0, 1, (byte) 0xfe, (byte) 0xff};
            client.sendFrame(0x82, bytes);
            GatewayFrame in = worker.readEvent();
            assertTrue(in.isBinary());
            assertTrue(in.isScalarBody());
            assertArrayEquals(bytes, in.body());
            client.sendText("text");
            assertFalse(worker.readEvent().isBinary());
            worker.send(GatewayFrame.request(Command.SEND_TO_ONE, id,
                    GatewayFrame.FLAG_SCALAR | GatewayFrame.FLAG_BINARY, null, bytes));
            WsPeer.Frame out = client.readMessage();
            assertEquals(0x82, out.firstByte());
            assertArrayEquals(bytes, out.payload());
            worker.send(InnerPeer.request(Command.SEND_TO_ONE, id, "", "plain"));
            assertEquals(0x81, client.readMessage().firstByte());
        }
        try (GatewayFixture fx = new GatewayFixture("", b -> b.hooks(binaryByDefault));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             WsPeer client = WsPeer.open(fx.websocket())) {
            long id = worker.readEvent().connectionId();
            worker.readEvent();
            worker.send(InnerPeer.request(Command.SEND_TO_ONE, id, "", "as binary"));
            WsPeer.Frame out = client.readMessage();
            assertEquals(0x82, out.firstByte());
            assertEquals("as binary", out.text());
        }
    }

    @Test
    void anAsynchronousHookAnswersLaterAndOneThatNeverAnswersGets503() throws Exception {
        BlockingQueue<CompletableFuture<GatewayHooks.Handshake.Result>> pending = new LinkedBlockingQueue<>();
        GatewayHooks slow = new GatewayHooks() {
            @Override
            public CompletionStage<Handshake.Result> onWebSocketHandshake(Handshake h) {
                CompletableFuture<Handshake.Result> answer = new CompletableFuture<>();
                pending.add(answer);
                return answer;
            }
        };
        try (GatewayFixture fx = new GatewayFixture("", b -> b.hooks(slow).hookTimeout(Duration.ofMillis(300)));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
            try (WsPeer client = upgrade(fx.websocket(), CHAT_UPGRADE)) {
                CompletableFuture<GatewayHooks.Handshake.Result> answer = pending.poll(10, TimeUnit.SECONDS);
                new Thread(() -> answer.complete(GatewayHooks.Handshake.Result.accept().subprotocol("gw.chat.v1")))
                        .start();
                assertTrue(client.readHttpHead().contains("\r\nSec-WebSocket-Protocol: gw.chat.v1\r\n"));
                client.sendText("after an async accept");
                assertEquals(Command.ON_CONNECT.code(), worker.readEvent().cmd());
                assertEquals(Command.ON_WEBSOCKET_CONNECT.code(), worker.readEvent().cmd());
                assertEquals("after an async accept", new String(worker.readEvent().body(), StandardCharsets.UTF_8));
            }
            assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());
            try (WsPeer client = upgrade(fx.websocket(), CHAT_UPGRADE)) {
                String response = new String(client.readToEof(), StandardCharsets.ISO_8859_1);
                assertTrue(response.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), response);
            }
            assertEquals(1, fx.gateway.stats().hookFailures());
        }
    }

    @Test
    void aThrowingHookOrAnUnofferedSubprotocolRejectsThatHandshakeOnly() throws Exception {
        GatewayHooks faulty = new GatewayHooks() {
            @Override
            public CompletionStage<Handshake.Result> onWebSocketHandshake(Handshake h) {
                switch (h.path()) {
                    case "/throw":
                        throw new IllegalStateException("boom");
                    case "/unoffered":
                        return Handshake.accept().subprotocol("gw.other").toStage();
                    default:
                        return Handshake.ACCEPT;
                }
            }
        };
        try (GatewayFixture fx = new GatewayFixture("", b -> b.hooks(faulty));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
            for (String path : List.of("/throw", "/unoffered")) {
                try (WsPeer client = upgrade(fx.websocket(), upgradeRequest(path))) {
                    String response = new String(client.readToEof(), StandardCharsets.ISO_8859_1);
                    assertTrue(response.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), response);
                }
            }
            try (WsPeer client = upgrade(fx.websocket(), upgradeRequest("/fine"))) {
                assertTrue(client.readHttpHead().startsWith("HTTP/1.1 101 "));
            }
            assertEquals(2, fx.gateway.stats().hookFailures());
        }
    }

    @Test
    void lifecycleCallbacksRunInEventOrderAndAThrowingOneChangesNothing() throws Exception {
        RecordingHooks recording = new RecordingHooks();
        recording.failOnConnect = true;
        List<String> calls = recording.calls;
        GatewayFixture fx = new GatewayFixture("", b -> b.hooks(recording));
        try {
            long id;
            try (InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
                try (LinePeer client = new LinePeer(fx.text())) {
                    id = worker.readEvent().connectionId();
                    client.sendLine("still served");
                    assertEquals("still served", new String(worker.readEvent().body(), StandardCharsets.UTF_8));
                }
                assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());
                try (WsPeer ws = WsPeer.open(fx.websocket())) {
                    worker.readEvent();
                    worker.readEvent();
                    ws.sendFrame(0x89, "p".getBytes(StandardCharsets.UTF_8));
                    assertEquals(0x8a, ws.readFrame().firstByte());
                    ws.sendFrame(0x8a, "q".getBytes(StandardCharsets.UTF_8));
                    ws.sendText("sync");
                    worker.readEvent(); // the text frame came after the pong: the pong hook has run
                }
                worker.readEvent();
            }
            awaitSize(calls, 11);
        } finally {
            fx.close();
        }
        assertEquals(List.of("start 4", "worker 127.0.0.1:w:0", "connect 1 TEXT 127.0.0.1",
                "route 1 among [127.0.0.1:w:0]", "close 1", "connect 2 WEBSOCKET 127.0.0.1",
                "route 2 among [127.0.0.1:w:0]", "ping p", "pong q", "close 2", "worker gone 127.0.0.1:w:0", "stop"),
                calls);
        assertEquals(2, fx.gateway.stats().hookFailures());
    }

    @Test
    void theRouterHookPicksTheWorkerAndAnUnknownKeyFallsBackToTheRouter() throws Exception {
        GatewayHooks router = new GatewayHooks() {
            @Override
            public String route(Client client, Set<String> workerKeys) {
                return client.connectionId() == 1 ? "127.0.0.1:w:1" : "nobody";
            }
        };
        try (GatewayFixture fx = new GatewayFixture("", b -> b.hooks(router));
             InnerPeer w0 = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             InnerPeer w1 = new InnerPeer(fx.inner()).announceWorker("w:1", "")) {
            try (LinePeer client = new LinePeer(fx.text())) {
                assertEquals(1, w1.readEvent().connectionId());
            }
            assertEquals(Command.ON_CLOSE.code(), w1.readEvent().cmd());
            try (LinePeer client = new LinePeer(fx.text())) {
                // "nobody" is not a worker: counted as a failure, the least-connections router decides
                assertEquals(Command.ON_CONNECT.code(), w0.readEvent().cmd());
            }
            assertEquals(1, fx.gateway.stats().hookFailures());
        }
    }

    private static void awaitSize(List<String> calls, int size) throws InterruptedException {
        io.gwkit.testkit.Await.until(size + " hook calls", () -> calls.size() >= size);
    }
}
