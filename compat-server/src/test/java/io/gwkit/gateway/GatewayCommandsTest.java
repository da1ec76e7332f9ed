package io.gwkit.gateway;

import static io.gwkit.testing.InnerPeer.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testing.Captures;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every inner command end to end, sent as a GatewayClient sends them (one short connection per call), with
 * reply bytes compared to the captures where the gateway state is the same. Clients: c1 (1), c2 (2) on the
 * text listener, w1 (3) on the websocket listener.
 */
@Tag("socket")
class GatewayCommandsTest {

    private GatewayFixture fx;
    private InnerPeer worker;
    private LinePeer c1;
    private LinePeer c2;
    private LinePeer w1;

    @BeforeEach
    void start() throws Exception {
        fx = new GatewayFixture();
        worker = new InnerPeer(fx.inner()).announceWorker("fakeWorker:0", "");
        c1 = new LinePeer(fx.text());
        assertEquals(1, worker.readEvent().connectionId());
        c2 = new LinePeer(fx.text());
        assertEquals(2, worker.readEvent().connectionId());
        w1 = new LinePeer(fx.websocket());
        assertEquals(3, worker.readEvent().connectionId());
        w1.sendRaw(Captures.bytes("ws_lifecycle", 13));
        assertEquals(Command.ON_WEBSOCKET_CONNECT.code(), worker.readEvent().cmd());
        w1.readHttpHead();
    }

    @AfterEach
    void stop() throws Exception {
        c1.close();
        c2.close();
        w1.close();
        worker.close();
        fx.close();
    }

    private InetSocketAddress inner() {
        return fx.inner();
    }

    private String call(Command cmd, long id, String ext) throws Exception {
        return InnerPeer.call(inner(), null, request(cmd, id, ext, ""));
    }

    private void command(Command cmd, long id, String ext, String body) throws Exception {
        InnerPeer.command(inner(), null, request(cmd, id, ext, body));
    }

    private String wsText() throws Exception {
        byte[] head = w1.readExactly(2);
        assertEquals((byte) 0x81, head[0]);
        return new String(w1.readExactly(head[1]), StandardCharsets.UTF_8);
    }

    @Test
    void sessionsSetUpdateGetAsInTheCapture() throws Exception {
        String scenario = "session_set_update_get";
        command(Command.SET_SESSION, 1, Captures.innerExt(scenario, 54), "");
        assertEquals(Captures.reply(scenario, 57), call(Command.GET_SESSION_BY_CLIENT_ID, 1, ""));
        command(Command.UPDATE_SESSION, 1, Captures.innerExt(scenario, 59), "");
        String merged = Captures.reply(scenario, 62);
        assertEquals(merged, call(Command.GET_SESSION_BY_CLIENT_ID, 1, ""));
        command(Command.UPDATE_SESSION, 2, "a:1:{s:5:\"fresh\";i:1;}", "");
        assertEquals("a:1:{s:5:\"fresh\";i:1;}", call(Command.GET_SESSION_BY_CLIENT_ID, 2, ""));
        assertEquals("a:0:{}", call(Command.GET_SESSION_BY_CLIENT_ID, 3, ""));
        assertEquals("N;", call(Command.GET_SESSION_BY_CLIENT_ID, 99, ""));

        c1.sendLine("after set");
        GatewayFrame event = worker.readEvent();
        assertEquals(merged, new String(event.extData(), StandardCharsets.UTF_8));  // session rides along

        command(Command.SET_SESSION, 2, "a:0:{}", "");
        assertEquals("a:0:{}", call(Command.GET_SESSION_BY_CLIENT_ID, 2, ""));
        int len = merged.getBytes(StandardCharsets.UTF_8).length;
        assertEquals("a:3:{i:1;s:" + len + ":\"" + merged + "\";i:2;s:6:\"a:0:{}\";i:3;s:0:\"\";}",
                call(Command.GET_ALL_CLIENT_SESSIONS, 0, ""));
    }

    @Test
    void hostileSessionsAreDroppedWithoutHarm() throws Exception {
        command(Command.SET_SESSION, 1, "a:1:{s:1:\"k\";s:1:\"v\";}", "");
        command(Command.UPDATE_SESSION, 1, "O:8:\"stdClass\":0:{}", "");
        command(Command.UPDATE_SESSION, 1, "a:1:{s:1:\"k\";", "");
        command(Command.SET_SESSION, 2, "s:3:\"abc\";", "");
        command(Command.UPDATE_SESSION, 2, "a:1:{s:1:\"k\";s:1:\"v\";}", "");
        assertEquals("a:1:{s:1:\"k\";s:1:\"v\";}", call(Command.GET_SESSION_BY_CLIENT_ID, 1, ""));
        assertEquals("s:3:\"abc\";", call(Command.GET_SESSION_BY_CLIENT_ID, 2, ""));
        assertEquals("i:1;", call(Command.IS_ONLINE, 1, ""));
    }

    @Test
    void onlineChecks() throws Exception {
        assertEquals("i:1;", call(Command.IS_ONLINE, 3, ""));
        assertEquals("i:0;", call(Command.IS_ONLINE, 4, ""));
        assertEquals("i:3;", call(Command.GET_CLIENT_COUNT_BY_GROUP, 0, ""));
    }

    @Test
    void uidBindingOneUidPerClient() throws Exception {
        command(Command.BIND_UID, 1, "u1", "");
        command(Command.BIND_UID, 2, "u1", "");
        command(Command.BIND_UID, 3, "42", "");
        command(Command.BIND_UID, 3, "", "");     // empty uid: ignored
        command(Command.BIND_UID, 3, "0", "");    // PHP empty("0"): ignored
        assertEquals("a:2:{i:0;i:1;i:1;i:2;}", call(Command.GET_CLIENT_ID_BY_UID, 0, "u1"));
        command(Command.BIND_UID, 2, "u9", "");   // rebinding replaces
        assertEquals("a:1:{i:0;i:1;}", call(Command.GET_CLIENT_ID_BY_UID, 0, "u1"));
        // numeric_ids capture, gateway 2900's reply: int-like uids are int keys
        command(Command.BIND_UID, 2, "7", "");
        command(Command.BIND_UID, 1, "42", "");
        assertEquals("a:3:{i:42;a:2:{i:0;i:3;i:1;i:1;}i:7;a:1:{i:0;i:2;}s:2:\"u1\";a:0:{}}",
                call(Command.BATCH_GET_CLIENT_ID_BY_UID, 0, "[42,\"7\",\"u1\"]"));

        command(Command.SEND_TO_UID, 0, "[42]", "int uid");
        assertEquals("int uid", c1.readLine());
        assertEquals("int uid", wsText());
        command(Command.SEND_TO_UID, 0, "[\"7\",\"nobody\"]", "string uid");
        assertEquals("string uid", c2.readLine());

        command(Command.UNBIND_UID, 1, "42", "");
        assertEquals("a:1:{i:0;i:3;}", call(Command.GET_CLIENT_ID_BY_UID, 0, "42"));
        assertEquals("a:3:{i:1;a:1:{s:3:\"uid\";N;}i:2;a:1:{s:3:\"uid\";s:1:\"7\";}i:3;a:1:{s:3:\"uid\";s:2:\"42\";}}",
                call(Command.SELECT, 0, "{\"fields\":[\"uid\"],\"where\":[]}"));
        // a closed client leaves its uid
        w1.close();
        assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());
        assertEquals("a:0:{}", call(Command.GET_CLIENT_ID_BY_UID, 0, "42"));
    }

    @Test
    void groups() throws Exception {
        command(Command.JOIN_GROUP, 1, "g1", "");
        command(Command.JOIN_GROUP, 2, "g1", "");
        command(Command.JOIN_GROUP, 2, "g2", "");
        command(Command.JOIN_GROUP, 3, "g2", "");
        command(Command.JOIN_GROUP, 3, "100", "");
        command(Command.JOIN_GROUP, 3, "0", "");   // PHP empty("0"): ignored
        assertEquals("a:3:{i:0;s:2:\"g1\";i:1;s:2:\"g2\";i:2;i:100;}", call(Command.GET_GROUP_ID_LIST, 0, ""));
        assertEquals("i:2;", call(Command.GET_CLIENT_COUNT_BY_GROUP, 0, "g2"));
        assertEquals("i:0;", call(Command.GET_CLIENT_COUNT_BY_GROUP, 0, "nogroup"));
        assertEquals("a:3:{s:2:\"g1\";i:2;s:2:\"g2\";i:2;s:7:\"nogroup\";i:0;}",
                call(Command.BATCH_GET_CLIENT_COUNT_BY_GROUP, 0, "[\"g1\",\"g2\",\"nogroup\"]"));
        assertEquals("a:2:{i:2;s:0:\"\";i:3;s:0:\"\";}", call(Command.GET_CLIENT_SESSIONS_BY_GROUP, 0, "g2"));
        assertEquals("a:0:{}", call(Command.GET_CLIENT_SESSIONS_BY_GROUP, 0, "nogroup"));
        assertEquals("a:3:{i:1;a:1:{s:6:\"groups\";a:1:{s:2:\"g1\";s:2:\"g1\";}}"
                        + "i:2;a:1:{s:6:\"groups\";a:2:{s:2:\"g1\";s:2:\"g1\";s:2:\"g2\";s:2:\"g2\";}}"
                        + "i:3;a:1:{s:6:\"groups\";a:2:{s:2:\"g2\";s:2:\"g2\";i:100;s:3:\"100\";}}}",
                call(Command.SELECT, 0, "{\"fields\":[\"groups\"],\"where\":[]}"));

        // sendToGroup([g1, g2]) walks each group: c2 (in both) gets it twice; exclude by connection id
        command(Command.SEND_TO_GROUP, 0, "{\"group\":[\"g1\",\"g2\"],\"exclude\":{\"3\":3}}", "hi groups");
        assertEquals("hi groups", c1.readLine());
        assertEquals("hi groups", c2.readLine());
        assertEquals("hi groups", c2.readLine());
        command(Command.SEND_TO_GROUP, 0, "{\"group\":[\"100\"],\"exclude\":null}", "to 100");
        assertEquals("to 100", wsText());

        command(Command.LEAVE_GROUP, 2, "g1", "");
        assertEquals("a:1:{i:1;a:2:{s:3:\"uid\";N;s:6:\"groups\";a:1:{s:2:\"g1\";s:2:\"g1\";}}}",
                call(Command.SELECT, 0, "{\"fields\":[\"uid\",\"groups\"],\"where\":{\"groups\":[\"g1\"]}}"));
        command(Command.UNGROUP, 0, "g2", "");
        assertEquals("a:2:{i:0;s:2:\"g1\";i:1;i:100;}", call(Command.GET_GROUP_ID_LIST, 0, ""));
        // after leaving every group, PHP keeps an empty groups array (not null)
        assertEquals("a:1:{i:2;a:1:{s:6:\"groups\";a:0:{}}}",
                call(Command.SELECT, 0, "{\"fields\":[\"groups\"],\"where\":{\"connection_id\":{\"2\":2}}}"));
    }

    @Test
    void selectVariants() throws Exception {
        command(Command.BIND_UID, 2, "u2", "");
        command(Command.SET_SESSION, 2, "a:1:{s:1:\"a\";i:1;}", "");
        assertEquals("a:1:{i:2;a:2:{s:3:\"uid\";s:2:\"u2\";s:7:\"session\";s:18:\"a:1:{s:1:\"a\";i:1;}\";}}",
                call(Command.SELECT, 0, "{\"fields\":[\"uid\",\"session\"],\"where\":{\"uid\":[\"u2\",\"nobody\"]}}"));
        assertEquals("a:2:{i:1;a:0:{}i:3;a:0:{}}",
                call(Command.SELECT, 0, "{\"fields\":[],\"where\":{\"connection_id\":[1,3,77]}}"));
        assertEquals("a:0:{}", call(Command.SELECT, 0, "not json"));
        assertEquals("a:0:{}", call(Command.SELECT, 0, "{\"fields\":[],\"where\":[]}"));
    }

    @Test
    void sendToAllVariants() throws Exception {
        command(Command.SEND_TO_ALL, 0, "", "everyone");
        assertEquals("everyone", c1.readLine());
        assertEquals("everyone", c2.readLine());
        assertEquals("everyone", wsText());
        command(Command.SEND_TO_ALL, 0, "{\"exclude\":{\"1\":1}}", "all but c1");
        command(Command.SEND_TO_ALL, 0, "{\"connections\":{\"1\":1}}", "only c1");
        assertEquals("only c1", c1.readLine());
        assertEquals("all but c1", c2.readLine());
        assertEquals("all but c1", wsText());
        InnerPeer.command(inner(), null, GatewayFrame.request(Command.SEND_TO_ALL, 0,
                GatewayFrame.FLAG_SCALAR | GatewayFrame.FLAG_RAW, null, "raw\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("raw", c1.readLine());
        assertEquals("raw", c2.readLine());
        assertEquals("7261770a", HexFormat.of().formatHex(w1.readExactly(4)));   // raw: no websocket frame
        command(Command.SEND_TO_ONE, 2, "", "one");
        assertEquals("one", c2.readLine());
    }

    @Test
    void requestsOfAConnectionClosedRightAfterWritingAreCarriedOut() throws Exception {
        // PHP's GatewayClient writes a command and closes at once, without waiting for anything.
        for (int i = 0; i < 20; i++) {
            try (InnerPeer oneShot = new InnerPeer(inner())) {
                oneShot.send(request(Command.SEND_TO_ONE, 1, "", "shot " + i));
            }
        }
        java.util.Set<String> expected = new java.util.TreeSet<>();
        java.util.Set<String> received = new java.util.TreeSet<>();
        for (int i = 0; i < 20; i++) {
            expected.add("shot " + i);
            received.add(c1.readLine());   // separate connections: any order
        }
        assertEquals(expected, received);
    }

    @Test
    void hostileExtDataDropsOnlyThatRequest() throws Exception {
        command(Command.SEND_TO_UID, 0, "[[\"nested\"]]", "x");
        command(Command.SEND_TO_UID, 0, "{\"a\":{\"b\":1}}", "x");
        command(Command.SEND_TO_GROUP, 0, "{\"group\":[[1]],\"exclude\":null}", "x");
        command(Command.SEND_TO_GROUP, 0, "[1", "x");
        command(Command.SEND_TO_ALL, 0, "{\"exclude\":\"1\"}", "x");
        command(Command.SEND_TO_ALL, 0, "{\"connections\":[[1]]}", "x");
        // a request that expects a reply cannot just be dropped: the requester is closed, without a reply
        for (GatewayFrame unanswerable : List.of(
                request(Command.BATCH_GET_CLIENT_COUNT_BY_GROUP, 0, "[{\"x\":1}]", ""),
                request(Command.SELECT, 0, "{\"fields\":[[1]],\"where\":{\"groups\":[[1]],\"bogus\":[1],\"uid\":5}}",
                        ""))) {
            try (InnerPeer requester = new InnerPeer(inner())) {
                requester.send(unanswerable);
                assertTrue(requester.closedByPeer());
            }
        }
        command(Command.SEND_TO_ALL, 0, "", "still alive");
        assertEquals("still alive", c1.readLine());
        assertEquals("still alive", c2.readLine());
    }

    @Test
    void workerCommandsOnTheWorkerConnectionAndReplies() throws Exception {
        // A worker uses its own long connection for commands and may send requests there too (replies in order).
        worker.send(request(Command.JOIN_GROUP, 1, "wg", ""));
        worker.send(request(Command.GET_CLIENT_COUNT_BY_GROUP, 0, "wg", ""));
        assertEquals("i:1;", worker.readReply());
        worker.send(request(Command.PING, 0, "", ""));
        worker.send(GatewayFrame.request(Command.ON_CONNECT, 1, 1, null, null));   // gateway-to-worker cmd: ignored
        worker.send(new GatewayFrame(99, 0, 0, 0, 0, 0, 1, 0, null, null));       // unknown cmd: ignored
        worker.send(request(Command.IS_ONLINE, 1, "", ""));
        assertEquals("i:1;", worker.readReply());
        assertTrue(worker.socket().isConnected());
    }
}
