package io.gwkit.gateway;

import static io.gwkit.testing.InnerPeer.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testing.Captures;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import io.gwkit.testing.RecordingWebSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** End clients on each listener type, seen from a fake worker: events, header fields, framing. */
@Tag("socket")
class GatewayClientLinkTest {

    private GatewayFixture fx;
    private InnerPeer worker;

    @BeforeEach
    void start() throws Exception {
        fx = new GatewayFixture();
        worker = new InnerPeer(fx.inner()).announceWorker("fakeWorker:0", "");
    }

    @AfterEach
    void stop() throws Exception {
        worker.close();
        fx.close();
    }

    private GatewayFrame expect(Command cmd) throws Exception {
        GatewayFrame f = worker.readEvent();
        assertEquals(cmd.code(), f.cmd(), () -> "expected " + cmd + ", got " + f);
        return f;
    }

    private void sendTo(long connectionId, String message) throws Exception {
        worker.send(request(Command.SEND_TO_ONE, connectionId, "", message));
    }

    @Test
    void textClientEventsCarryThePhpHeaderFields() throws Exception {
        try (LinePeer client = new LinePeer(fx.text())) {
            GatewayFrame connect = expect(Command.ON_CONNECT);
            assertEquals(0x7f000001L, connect.localIp());
            assertEquals(fx.lanPort(), connect.localPort());
            assertEquals(0x7f000001L, connect.clientIp());
            assertEquals(client.localPort(), connect.clientPort());
            assertEquals(1, connect.connectionId());
            assertEquals(GatewayFrame.FLAG_SCALAR, connect.flag());
            assertEquals(fx.text().getPort(), connect.gatewayPort());
            assertEquals(0, connect.extData().length);
            assertEquals(0, connect.body().length);

            sendTo(1, "{\"type\":\"welcome\"}");
            assertEquals("{\"type\":\"welcome\"}", client.readLine());

            client.sendRaw("hello\r\n  spaced  \ncrlf line\r\r\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("hello", new String(expect(Command.ON_MESSAGE).body(), StandardCharsets.UTF_8));
            assertEquals("  spaced  ", new String(expect(Command.ON_MESSAGE).body(), StandardCharsets.UTF_8));
            GatewayFrame crlf = expect(Command.ON_MESSAGE);
            assertEquals("crlf line", new String(crlf.body(), StandardCharsets.UTF_8));
            assertEquals(fx.text().getPort(), crlf.gatewayPort());

            // raw flag: no "\n" appended
            worker.send(GatewayFrame.request(Command.SEND_TO_ONE, 1, GatewayFrame.FLAG_SCALAR | GatewayFrame.FLAG_RAW,
                    null, "ab".getBytes(StandardCharsets.UTF_8)));
            sendTo(1, "c");
            assertEquals("abc", client.readLine());
        }
        GatewayFrame close = expect(Command.ON_CLOSE);
        assertEquals(1, close.connectionId());
    }

    @Test
    void connectionIdsCountUpFromOne() throws Exception {
        try (LinePeer c1 = new LinePeer(fx.text())) {
            assertEquals(1, expect(Command.ON_CONNECT).connectionId());
            LinePeer c2 = new LinePeer(fx.frame());
            assertEquals(2, expect(Command.ON_CONNECT).connectionId());
            c1.close();
            assertEquals(1, expect(Command.ON_CLOSE).connectionId());
            try (LinePeer c3 = new LinePeer(fx.tcp())) {
                GatewayFrame f = expect(Command.ON_CONNECT);
                assertEquals(3, f.connectionId());
                assertEquals(fx.tcp().getPort(), f.gatewayPort());
            }
        }
    }

    @Test
    void frameAndTcpListeners() throws Exception {
        try (LinePeer frame = new LinePeer(fx.frame())) {
            long frameId = expect(Command.ON_CONNECT).connectionId();
            LinePeer tcp = new LinePeer(fx.tcp());
            long tcpId = expect(Command.ON_CONNECT).connectionId();
            frame.sendRaw(HexFormat.of().parseHex("0000000768692100000006"));
            GatewayFrame m = expect(Command.ON_MESSAGE);
            assertEquals(frameId, m.connectionId());
            assertEquals("hi!", new String(m.body(), StandardCharsets.UTF_8));
            sendTo(frameId, "yo");
            assertEquals("00000006796f", HexFormat.of().formatHex(frame.readExactly(6)));

            tcp.sendRaw("raw bytes".getBytes(StandardCharsets.UTF_8));
            GatewayFrame t = expect(Command.ON_MESSAGE);
            assertEquals(tcpId, t.connectionId());
            assertEquals("raw bytes", new String(t.body(), StandardCharsets.UTF_8));
            sendTo(tcpId, "out");
            assertEquals("out", new String(tcp.readExactly(3), StandardCharsets.UTF_8));
        }
    }

    /** The ws_lifecycle capture, client w1: same request bytes in, same response / 205 body / frames out. */
    @Test
    void websocketMatchesTheCaptureByteForByte() throws Exception {
        try (LinePeer ws = new LinePeer(fx.websocket())) {
            GatewayFrame connect = expect(Command.ON_CONNECT);        // at TCP accept, before the handshake
            assertEquals(fx.websocket().getPort(), connect.gatewayPort());
            long id = connect.connectionId();
            sendTo(id, "{\"type\":\"welcome\",\"client_id\":\"7f0000010b5500000001\"}"); // queued until the 101

            ws.sendRaw(Captures.bytes("ws_lifecycle", 7));
            GatewayFrame wsConnect = expect(Command.ON_WEBSOCKET_CONNECT);
            assertEquals(0, wsConnect.flag());
            assertEquals(new String(Captures.innerBody("ws_lifecycle", 9), StandardCharsets.UTF_8),
                    new String(wsConnect.body(), StandardCharsets.UTF_8));
            byte[] response = Captures.bytes("ws_lifecycle", 10);
            assertEquals(new String(response, StandardCharsets.ISO_8859_1), ws.readHttpHead());
            byte[] welcome = Captures.bytes("ws_lifecycle", 12);
            assertArrayEquals(welcome, ws.readExactly(welcome.length));

            ws.sendRaw(Captures.bytes("ws_lifecycle", 22));                  // masked "hello from ws"
            assertEquals("hello from ws", new String(expect(Command.ON_MESSAGE).body(), StandardCharsets.UTF_8));
            sendTo(id, "echo hello from ws");
            byte[] echo = Captures.bytes("ws_lifecycle", 25);
            assertArrayEquals(echo, ws.readExactly(echo.length));

            // ping: answered with a pong carrying the payload, not forwarded
            ws.sendRaw(maskedFrame(0x89, "pp".getBytes(StandardCharsets.UTF_8)));
            assertEquals("8a027070", HexFormat.of().formatHex(ws.readExactly(4)));
            // binary frame: forwarded; answers still go out as text frames
            ws.sendRaw(maskedFrame(0x82, new byte[] {1, 2, (byte) 0xff}));
            GatewayFrame bin = expect(Command.ON_MESSAGE);
            assertEquals("0102ff", HexFormat.of().formatHex(bin.body()));
            sendTo(id, "x".repeat(300));
            assertEquals("817e012c", HexFormat.of().formatHex(ws.readExactly(4)));
            ws.readExactly(300);

            ws.sendRaw(Captures.bytes("ws_lifecycle", 50));                  // close frame
            assertEquals("880203e8", HexFormat.of().formatHex(ws.readToEof()));
        }
        expect(Command.ON_CLOSE);
    }

    @Test
    void websocketConnectWithoutQueryOrCookie() throws Exception {
        try (LinePeer ws = new LinePeer(fx.websocket())) {
            expect(Command.ON_CONNECT);
            ws.sendRaw(Captures.bytes("ws_lifecycle", 13));
            assertEquals(new String(Captures.innerBody("ws_lifecycle", 16), StandardCharsets.UTF_8),
                    new String(expect(Command.ON_WEBSOCKET_CONNECT).body(), StandardCharsets.UTF_8));
            assertEquals(new String(Captures.bytes("ws_lifecycle", 17), StandardCharsets.ISO_8859_1),
                    ws.readHttpHead());
        }
    }

    @Test
    void websocketFramesSentTogetherWithTheHandshakeAreNotLost() throws Exception {
        try (LinePeer ws = new LinePeer(fx.websocket())) {
            expect(Command.ON_CONNECT);
            byte[] handshake = Captures.bytes("ws_lifecycle", 13);
            byte[] frame1 = maskedFrame(0x81, "first".getBytes(StandardCharsets.UTF_8));
            byte[] frame2 = maskedFrame(0x81, "second".getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[handshake.length + frame1.length + frame2.length];
            System.arraycopy(handshake, 0, all, 0, handshake.length);
            System.arraycopy(frame1, 0, all, handshake.length, frame1.length);
            System.arraycopy(frame2, 0, all, handshake.length + frame1.length, frame2.length);
            ws.sendRaw(all);
            expect(Command.ON_WEBSOCKET_CONNECT);
            assertEquals("first", new String(expect(Command.ON_MESSAGE).body(), StandardCharsets.UTF_8));
            assertEquals("second", new String(expect(Command.ON_MESSAGE).body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aMessageLargerThanTheSendBufferLimitStillGoesOut() throws Exception {
        try (LinePeer client = new LinePeer(fx.text())) {
            long id = expect(Command.ON_CONNECT).connectionId();
            byte[] big = new byte[3 * 1024 * 1024];
            java.util.Arrays.fill(big, (byte) 'x');
            worker.send(GatewayFrame.request(Command.SEND_TO_ONE, id, GatewayFrame.FLAG_SCALAR, null, big));
            assertEquals(big.length, client.readLine().length());
        }
    }

    @Test
    void okHttpWebSocketClient() throws Exception {
        try (RecordingWebSocket socket = new RecordingWebSocket(new OkHttpClient(),
                "ws://127.0.0.1:" + fx.websocket().getPort() + "/path?x=1")) {
            long id = expect(Command.ON_CONNECT).connectionId();
            GatewayFrame upgrade = expect(Command.ON_WEBSOCKET_CONNECT);
            String body = new String(upgrade.body(), StandardCharsets.UTF_8);
            assertTrue(body.startsWith("a:3:{s:3:\"get\";a:1:{s:1:\"x\";s:1:\"1\";}s:6:\"server\";"), body);
            sendTo(id, "héllo");
            assertEquals("héllo", socket.next());
            socket.send("from okhttp");
            assertEquals("from okhttp", new String(expect(Command.ON_MESSAGE).body(), StandardCharsets.UTF_8));
            worker.send(GatewayFrame.request(Command.KICK, id, GatewayFrame.FLAG_SCALAR, null,
                    "bye".getBytes(StandardCharsets.UTF_8)));
            assertEquals("bye", socket.next());
            expect(Command.ON_CLOSE);
        }
    }

    @Test
    void kickSendsTheMessageThenClosesWithoutACloseFrame() throws Exception {
        try (LinePeer text = new LinePeer(fx.text())) {
            long textId = expect(Command.ON_CONNECT).connectionId();
            LinePeer ws = new LinePeer(fx.websocket());
            long wsId = expect(Command.ON_CONNECT).connectionId();
            LinePeer quiet = new LinePeer(fx.text());
            long quietId = expect(Command.ON_CONNECT).connectionId();
            LinePeer destroyed = new LinePeer(fx.text());
            long destroyedId = expect(Command.ON_CONNECT).connectionId();
            ws.sendRaw(Captures.bytes("ws_lifecycle", 13));
            expect(Command.ON_WEBSOCKET_CONNECT);
            ws.readHttpHead();

            InnerPeer.command(fx.inner(), null, request(Command.KICK, textId, "", "bye c1"));
            assertEquals("bye c1\n", new String(text.readToEof(), StandardCharsets.UTF_8));
            assertEquals(textId, expect(Command.ON_CLOSE).connectionId());

            InnerPeer.command(fx.inner(), null, request(Command.KICK, wsId, "", "bye w1"));
            assertEquals("8106627965207731", HexFormat.of().formatHex(ws.readToEof()));  // capture closeClient i=63
            assertEquals(wsId, expect(Command.ON_CLOSE).connectionId());

            // closeClient($id) without a message: body N; with flag 0
            InnerPeer.command(fx.inner(), null, GatewayFrame.request(Command.KICK, quietId, 0, null,
                    "N;".getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, quiet.readToEof().length);
            assertEquals(quietId, expect(Command.ON_CLOSE).connectionId());

            InnerPeer.command(fx.inner(), null, request(Command.DESTROY, destroyedId, "", ""));
            assertTrue(destroyed.closedByPeer());
            assertEquals(destroyedId, expect(Command.ON_CLOSE).connectionId());
        }
    }

    static byte[] maskedFrame(int firstByte, byte[] payload) {
        byte[] mask = {0x37, (byte) 0xfa, 0x21, 0x3d};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        out.write(0x80 | payload.length);
        out.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        return out.toByteArray();
    }

}
