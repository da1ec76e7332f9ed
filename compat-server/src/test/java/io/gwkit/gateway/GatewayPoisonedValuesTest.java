package io.gwkit.gateway;

import static io.gwkit.testing.InnerPeer.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testing.Bystanders;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import io.gwkit.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Poisoned values reaching the gateway (issue #8): sessions holding objects, scalars, garbage or absurd
 * nesting; UPDATE_SESSION payloads that are not arrays; JSON arrays and objects where ext_data should hold
 * strings. The gateway never decodes an object, never crashes, drops only the poisoned request (logged once
 * per offending connection), and the other clients and the worker link are served as before.
 */
@Tag("socket")
class GatewayPoisonedValuesTest {

    private static final String SESSION = "a:1:{s:1:\"k\";s:1:\"v\";}";

    /** {@code depth} nested serialized arrays: a:1:{i:0;a:1:{i:0;...N;...}}. */
    static String nestedSerialized(int depth) {
        return "a:1:{i:0;".repeat(depth) + "N;" + "}".repeat(depth);
    }

    static String nestedJson(int depth) {
        return "[".repeat(depth) + "\"u1\"" + "]".repeat(depth);
    }

    static final List<String> POISONED_SESSIONS = List.of(
            "O:8:\"stdClass\":1:{s:1:\"a\";i:1;}",
            "C:11:\"ArrayObject\":21:{x:i:0;a:0:{};m:a:0:{}}",
            "a:1:{s:1:\"o\";O:8:\"stdClass\":0:{}}",
            "i:5;",
            "s:3:\"abc\";",
            "b:1;",
            "garbage{",
            "a:99999999:{",
            "a:2:{i:0;i:1;}",
            nestedSerialized(5_000),
            nestedSerialized(100_000));

    @Test
    void setSessionStoresPoisonAsOpaqueBytesLikePhp() throws Exception {
        try (GatewayFixture fx = new GatewayFixture();
             Bystanders others = new Bystanders(fx, "");
             LinePeer victim = new LinePeer(fx.text())) {
            long victimId = others.worker.readEvent().connectionId();
            for (String poison : POISONED_SESSIONS) {
                others.worker.send(request(Command.SET_SESSION, victimId, poison, ""));
                others.worker.send(request(Command.IS_ONLINE, victimId, "", ""));
                assertEquals("i:1;", others.worker.readReply()); // applied
                // PHP keeps the string as is and hands it back and on with the client's next event
                assertEquals(poison, InnerPeer.call(fx.inner(), null,
                        request(Command.GET_SESSION_BY_CLIENT_ID, victimId, "", "")));
                victim.sendLine("hi");
                GatewayFrame event = others.worker.readEvent();
                assertEquals(victimId, event.connectionId());
                assertEquals(poison, new String(event.extData(), StandardCharsets.UTF_8));
            }
            others.assertServed();
        }
    }

    @Test
    void invalidUpdateSessionPayloadsAreDroppedOnceLoggedAndTheSessionStays() throws Exception {
        try (GatewayFixture fx = new GatewayFixture();
             Bystanders others = new Bystanders(fx, "");
             LinePeer victim = new LinePeer(fx.text());
             LogCapture log = new LogCapture();
             InnerPeer poisoner = new InnerPeer(fx.inner())) {
            long victimId = others.worker.readEvent().connectionId();
            others.worker.send(request(Command.SET_SESSION, victimId, SESSION, ""));
            others.worker.send(request(Command.IS_ONLINE, victimId, "", ""));
            assertEquals("i:1;", others.worker.readReply());
            for (String poison : POISONED_SESSIONS) {
                if (!poison.startsWith("a:2:")) { // a valid array: merged, see below
                    poisoner.send(request(Command.UPDATE_SESSION, victimId, poison, ""));
                }
            }
            poisoner.send(request(Command.UPDATE_SESSION, victimId, "a:1:{s:1:\"n\";i:2;}", ""));
            poisoner.send(request(Command.GET_SESSION_BY_CLIENT_ID, victimId, "", ""));
            assertEquals("a:2:{s:1:\"k\";s:1:\"v\";s:1:\"n\";i:2;}", poisoner.readReply());
            List<String> lines = log.lines("WARN", "127.0.0.1:" + poisoner.socket().getLocalPort());
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("UPDATE_SESSION"), lines.get(0));

            // the client's own session is poisoned: a valid update cannot be merged into it (PHP dies here)
            others.worker.send(request(Command.SET_SESSION, victimId, POISONED_SESSIONS.get(0), ""));
            others.worker.send(request(Command.UPDATE_SESSION, victimId, SESSION, ""));
            others.worker.send(request(Command.IS_ONLINE, victimId, "", ""));
            assertEquals("i:1;", others.worker.readReply());
            assertEquals(POISONED_SESSIONS.get(0), InnerPeer.call(fx.inner(), null,
                    request(Command.GET_SESSION_BY_CLIENT_ID, victimId, "", "")));
            others.assertServed();
        }
    }

    @Test
    void nestedJsonWhereStringsBelongSendsNothingAndAnswersNothing() throws Exception {
        try (GatewayFixture fx = new GatewayFixture();
             Bystanders others = new Bystanders(fx, "");
             LogCapture log = new LogCapture()) {
            long id = others.clientConnectionId;
            others.worker.send(request(Command.BIND_UID, id, "u1", ""));
            others.worker.send(request(Command.JOIN_GROUP, id, "g1", ""));
            others.worker.send(request(Command.IS_ONLINE, id, "", ""));
            assertEquals("i:1;", others.worker.readReply());

            try (InnerPeer sender = new InnerPeer(fx.inner())) {
                for (GatewayFrame f : List.of(
                        request(Command.SEND_TO_UID, 0, "[[\"u1\"]]", "leak"),
                        request(Command.SEND_TO_UID, 0, "[\"u1\",{\"a\":\"u1\"}]", "leak"),
                        request(Command.SEND_TO_UID, 0, nestedJson(5_000), "leak"),
                        request(Command.SEND_TO_UID, 0, nestedJson(100_000), "leak"),
                        request(Command.SEND_TO_UID, 0, "[\"u1\"", "leak"),
                        request(Command.SEND_TO_GROUP, 0, "{\"group\":[\"g1\",[\"g1\"]],\"exclude\":null}", "leak"),
                        request(Command.SEND_TO_GROUP, 0, "{\"group\":\"g1\"}", "leak"),
                        request(Command.SEND_TO_GROUP, 0, "{\"group\":[\"g1\"],\"exclude\":\"x\"}", "leak"),
                        request(Command.SEND_TO_GROUP, 0, "\"g1\"", "leak"),
                        request(Command.SEND_TO_ALL, 0, "{\"connections\":[" + id + ",[" + id + "]]}", "leak"),
                        request(Command.SEND_TO_ALL, 0, nestedJson(100_000), "leak"),
                        GatewayFrame.request(Command.SEND_TO_ONE, id, 0, null, // a serialized array body
                                "a:1:{i:0;s:4:\"leak\";}".getBytes(StandardCharsets.US_ASCII)),
                        GatewayFrame.request(Command.SEND_TO_ONE, id, 0, null, // an object body
                                "O:8:\"stdClass\":0:{}".getBytes(StandardCharsets.US_ASCII)))) {
                    sender.send(f);
                }
                sender.send(request(Command.IS_ONLINE, id, "", ""));
                assertEquals("i:1;", sender.readReply()); // kept, as the requests had no reply to give
                List<String> lines = log.lines("WARN", "127.0.0.1:" + sender.socket().getLocalPort());
                assertEquals(1, lines.size(), lines.toString());
            }
            // requests that owe a reply: the requester is closed without one (no made-up answer)
            for (GatewayFrame f : List.of(
                    request(Command.BATCH_GET_CLIENT_ID_BY_UID, 0, "[[\"u1\"]]", ""),
                    request(Command.BATCH_GET_CLIENT_ID_BY_UID, 0, nestedJson(100_000), ""),
                    request(Command.BATCH_GET_CLIENT_COUNT_BY_GROUP, 0, "[{\"g\":\"g1\"}]", ""),
                    request(Command.SELECT, 0, "{\"fields\":[\"uid\"],\"where\":{\"uid\":[[\"u1\"]]}}", ""),
                    request(Command.SELECT, 0, "{\"fields\":[\"uid\"],\"where\":{\"connection_id\":[{\"a\":1}]}}",
                            ""))) {
                try (InnerPeer requester = new InnerPeer(fx.inner())) {
                    requester.send(f);
                    assertTrue(requester.closedByPeer(), f.toString());
                    assertEquals(1, log.await("WARN", "127.0.0.1:" + requester.socket().getLocalPort()).size());
                }
            }
            // SELECT with undecodable JSON is PHP's own error path: an empty answer, connection kept
            assertEquals("a:0:{}", InnerPeer.call(fx.inner(), null,
                    request(Command.SELECT, 0, "{\"fields\":" + nestedJson(100_000) + "}", "")));
            // the well-formed versions still work
            assertEquals("a:1:{s:2:\"u1\";a:1:{i:0;i:" + id + ";}}", InnerPeer.call(fx.inner(), null,
                    request(Command.BATCH_GET_CLIENT_ID_BY_UID, 0, "[\"u1\"]", "")));
            others.assertServed(); // the probe is the first line: no "leak" reached the client
            assertEquals(1, fx.gateway.workerCount());
        }
    }
}
