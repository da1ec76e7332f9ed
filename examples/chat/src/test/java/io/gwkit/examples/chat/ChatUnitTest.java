package io.gwkit.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.GatewayHooks.Handshake;
import io.gwkit.gateway.Listener;
import io.gwkit.php.PhpArray;
import io.gwkit.worker.EventContext;
import io.gwkit.worker.WebSocketRequest;
import io.gwkit.worker.WorkerContext;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The chat's hooks and handler alone: handshake decisions, and the calls each message makes on its context. */
@Tag("socket")
class ChatUnitTest {

    private static final String ID = "7f00000108fc00000001";

    private static Handshake.Result decide(String query, String... subprotocols) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(Map.entry("Host", "127.0.0.1")));
        if (subprotocols.length > 0) {
            headers.add(Map.entry("Sec-WebSocket-Protocol", String.join(", ", subprotocols)));
        }
        return new ChatHooks().onWebSocketHandshake(new Handshake("GET", "/", query, headers,
                new InetSocketAddress("127.0.0.1", 50000), Listener.parse("websocket://127.0.0.1:0")))
                .toCompletableFuture().join();
    }

    @Test
    void handshakeAcceptsUidTokensAndSelectsTheSubprotocolWhenOffered() {
        Handshake.Result offered = decide("token=u-ann7", "x.v2", ChatHooks.SUBPROTOCOL);
        assertTrue(offered.accepted());
        assertEquals(ChatHooks.SUBPROTOCOL, offered.subprotocol());
        assertEquals(PhpArray.of(Map.of("uid", "ann7")), offered.session());
        Handshake.Result none = decide("token=u-" + "b".repeat(32));
        assertTrue(none.accepted());
        assertNull(none.subprotocol());
        assertNull(decide("token=u-ann", "x.v2").subprotocol());
        for (String bad : List.of("", "token=", "token=u-", "token=U-ann", "token=u-Ann", "token=u-an_n",
                "token=x-ann", "token=u-" + "c".repeat(33), "other=u-ann")) {
            Handshake.Result r = decide(bad, ChatHooks.SUBPROTOCOL);
            assertFalse(r.accepted(), bad);
            assertEquals(403, r.status(), bad);
        }
    }

    /**
     * Records every context call as "method arg1 arg2 ..."; session() is a real array. (count, an async query, is
     * left to ChatBrowserTest.)
     */
    private static final class Recorded {
        final List<String> calls = new ArrayList<>();
        final PhpArray session = new PhpArray();
        byte[] message = new byte[0];
        boolean binary;

        EventContext context() {
            return (EventContext) Proxy.newProxyInstance(EventContext.class.getClassLoader(),
                    new Class<?>[] {EventContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "session" -> session;
                        case "messageBytes" -> message;
                        case "messageIsBinary" -> binary;
                        case "clientId" -> ID;
                        default -> {
                            StringBuilder call = new StringBuilder(method.getName());
                            for (Object a : args == null ? new Object[0] : args) {
                                call.append(' ').append(a instanceof byte[] b ? Arrays.toString(b) : a);
                            }
                            calls.add(call.toString());
                            yield method.getReturnType() == boolean.class ? false : null;
                        }
                    });
        }
    }

    private static ChatEvents started(Recorded worker) {
        ChatEvents events = new ChatEvents();
        events.onWorkerStart((WorkerContext) worker.context());
        return events;
    }

    private static List<String> onMessage(ChatEvents events, Recorded r, String json) {
        r.calls.clear();
        r.message = json.getBytes(StandardCharsets.UTF_8);
        events.onMessage(r.context(), ID, json);
        return r.calls;
    }

    @Test
    void welcomeBindsTheUidAndMessagesBecomeGroupUidAndTimerCalls() {
        Recorded worker = new Recorded();
        ChatEvents events = started(worker);
        Recorded r = new Recorded();
        PhpArray get = new PhpArray();
        get.put("token", "u-ann");
        PhpArray data = new PhpArray();
        data.put("get", get);
        events.onWebSocketConnect(r.context(), ID, WebSocketRequest.of(data, "127.0.0.1", 50000));
        assertEquals(List.of("bindUid " + ID + " ann",
                "sendToCurrentClient {\"type\":\"welcome\",\"client_id\":\"" + ID + "\",\"uid\":\"ann\"}"), r.calls);
        assertEquals("ann", r.session.get("uid"));

        assertEquals(List.of("joinGroup " + ID + " r1",
                "sendToGroup r1 {\"type\":\"joined\",\"room\":\"r1\",\"uid\":\"ann\"}"),
                onMessage(events, r, "{\"type\":\"join\",\"room\":\"r1\"}"));
        onMessage(events, r, "{\"type\":\"join\",\"room\":\"r1\"}");
        assertEquals(PhpArray.listOf("r1"), r.session.get("rooms"), "a room is listed once");
        assertEquals(List.of("sendToGroup r1 {\"type\":\"said\",\"room\":\"r1\",\"uid\":\"ann\",\"text\":\"hi\"}"),
                onMessage(events, r, "{\"type\":\"say\",\"room\":\"r1\",\"text\":\"hi\"}"));
        assertEquals(List.of("sendToUid bob {\"type\":\"whispered\",\"from\":\"ann\",\"text\":\"psst\"}"),
                onMessage(events, r, "{\"type\":\"whisper\",\"to\":\"bob\",\"text\":\"psst\"}"));
        List<String> remind = onMessage(events, r, "{\"type\":\"remind\",\"ms\":250,\"text\":\"tea\"}");
        assertEquals(1, remind.size());
        assertTrue(remind.get(0).startsWith("addTimer PT0.25S false "), remind.get(0));

        r.binary = true;
        r.calls.clear();
        r.message = new byte[] {0, -1, 7};
        events.onMessage(r.context(), ID, "\0\uFFFD\7");
        assertEquals(List.of("sendBinaryToCurrentClient [0, -1, 7]"), r.calls);
        r.binary = false;

        r.calls.clear();
        events.onClose(r.context(), ID);
        assertEquals(List.of("sendToGroup r1 {\"type\":\"left\",\"room\":\"r1\",\"uid\":\"ann\"}"), r.calls);
    }

    @Test
    void badMessagesAnswerAnErrorAndChangeNothing() {
        ChatEvents events = started(new Recorded());
        Recorded r = new Recorded();
        r.session.put("uid", "ann");
        for (String bad : List.of("not json", "[1,2]", "{\"type\":\"dance\"}", "{\"type\":\"join\"}",
                "{\"type\":\"say\",\"room\":\"r1\"}", "{\"type\":\"whisper\",\"text\":\"x\"}",
                "{\"type\":\"remind\",\"ms\":0,\"text\":\"x\"}", "{\"type\":\"remind\",\"ms\":\"9\",\"text\":\"x\"}",
                "{\"type\":\"join\",\"room\":7}")) {
            List<String> calls = onMessage(events, r, bad);
            assertEquals(1, calls.size(), bad);
            assertTrue(calls.get(0).startsWith("sendToCurrentClient {\"type\":\"error\",\"message\":"),
                    bad + ": " + calls);
        }
        assertEquals(1, r.session.size(), "session untouched");
    }
}
