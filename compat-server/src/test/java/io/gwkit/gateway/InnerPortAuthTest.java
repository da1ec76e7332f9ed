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
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With a secret key, nothing but cmd 200/202 with the right key is executed on the inner port before
 * authentication (PHP: "Unauthorized request", close). For every command: the unauthenticated sender is
 * closed without a single byte of reply, logged once, and the gateway's state (the bystander client's
 * session, uid, groups, connection) is exactly as before; a sendToAll reaches nobody.
 */
@Tag("socket")
class InnerPortAuthTest {

    private static final String SECRET = "k3y";
    private static final String SESSION = "a:1:{s:1:\"k\";s:1:\"v\";}";

    @ParameterizedTest
    @EnumSource(Command.class)
    void nothingButTheRightKeyIsExecutedBeforeAuthentication(Command cmd) throws Exception {
        try (GatewayFixture fx = new GatewayFixture(SECRET, b -> b);
             Bystanders others = new Bystanders(fx, SECRET)) {
            long id = others.clientConnectionId;
            others.worker.send(request(Command.BIND_UID, id, "u1", ""));
            others.worker.send(request(Command.JOIN_GROUP, id, "g1", ""));
            others.worker.send(request(Command.SET_SESSION, id, SESSION, ""));
            others.worker.send(request(Command.IS_ONLINE, id, "", ""));
            assertEquals("i:1;", others.worker.readReply()); // the three above are applied
            String before = state(fx, id);

            try (LogCapture log = new LogCapture(); InnerPeer stranger = new InnerPeer(fx.inner())) {
                ByteArrayOutputStream attempt = new ByteArrayOutputStream();
                attempt.write(GatewayFrameCodec.encode(hostile(cmd, id)));
                // a sendToAll pipelined right behind must not run either
                attempt.write(GatewayFrameCodec.encode(request(Command.SEND_TO_ALL, 0, "", "leak")));
                stranger.sendRaw(attempt.toByteArray());
                assertTrue(stranger.closedByPeer(), "closed without any reply byte");
                List<String> lines = log.await("WARN", "127.0.0.1:" + stranger.socket().getLocalPort());
                assertEquals(1, lines.size(), lines.toString());
            }
            assertEquals(before, state(fx, id));
            assertEquals(1, fx.gateway.workerCount());
            others.assertServed(); // the probe is the first line the client gets: no "leak" before it
        }
    }

    /** A frame of {@code cmd} that would change, reveal or send something if it were executed. */
    private static GatewayFrame hostile(Command cmd, long id) {
        switch (cmd) {
            case WORKER_CONNECT:
                return request(cmd, 0, "", "{\"worker_key\":\"evil:0\",\"secret_key\":\"wrong\"}");
            case GATEWAY_CLIENT_CONNECT:
                return request(cmd, 0, "", "{\"secret_key\":\"" + SECRET + " \"}");
            case SEND_TO_UID:
            case BATCH_GET_CLIENT_ID_BY_UID:
                return request(cmd, id, "[\"u1\"]", "leak");
            case SEND_TO_GROUP:
                return request(cmd, id, "{\"group\":[\"g1\"],\"exclude\":null}", "leak");
            case BATCH_GET_CLIENT_COUNT_BY_GROUP:
                return request(cmd, id, "[\"g1\"]", "");
            case SELECT:
                return request(cmd, id, "{\"fields\":[\"uid\",\"groups\",\"session\"],\"where\":[]}", "");
            case UPDATE_SESSION:
            case SET_SESSION:
                return request(cmd, id, "a:1:{s:1:\"k\";s:4:\"leak\";}", "");
            case BIND_UID:
            case GET_CLIENT_ID_BY_UID:
                return request(cmd, id, cmd == Command.BIND_UID ? "evil" : "u1", "leak");
            case JOIN_GROUP:
                return request(cmd, id, "evil", "");
            case LEAVE_GROUP:
            case UNGROUP:
            case GET_CLIENT_SESSIONS_BY_GROUP:
            case GET_CLIENT_COUNT_BY_GROUP:
                return request(cmd, id, "g1", "");
            default: // sends, kick, destroy, reads by client id, and the gateway-to-worker commands
                return request(cmd, id, "", "leak");
        }
    }

    /** Everything an unauthenticated command could have changed, read over an authenticated connection. */
    private static String state(GatewayFixture fx, long id) throws Exception {
        StringBuilder s = new StringBuilder();
        for (GatewayFrame read : List.of(
                request(Command.IS_ONLINE, id, "", ""),
                request(Command.GET_SESSION_BY_CLIENT_ID, id, "", ""),
                request(Command.GET_CLIENT_ID_BY_UID, 0, "u1", ""),
                request(Command.GET_CLIENT_ID_BY_UID, 0, "evil", ""),
                request(Command.GET_GROUP_ID_LIST, 0, "", ""),
                request(Command.GET_CLIENT_COUNT_BY_GROUP, 0, "", ""))) {
            s.append(InnerPeer.call(fx.inner(), SECRET, read)).append('\n');
        }
        assertTrue(s.toString().contains(SESSION), s.toString());
        return s.toString();
    }
}
