package io.gwkit.gateway;

import static io.gwkit.testing.InnerPeer.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.internal.InnerInitializer;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Secure defaults of a gateway's inner port (issue 16): bind, limits before authentication, secret handling. */
@Tag("socket")
class InnerPortSecurityTest {

    private static final String SECRET = "inner-s3cret-7d1";
    private static final String WRONG = "inner-guess-5e0";

    @Test
    void anInnerPortOnAnOpenAddressNeedsASecretOrInsecureNoSecret() {
        GatewayServer.Builder open = GatewayServer.builder().register("127.0.0.1:1").innerBind("0.0.0.0", 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, open::build);
        assertTrue(e.getMessage().contains("--insecure-no-secret"), e.getMessage());
        assertTrue(e.getMessage().contains("inner port"), e.getMessage());
        open.secretKey(SECRET).build();
        GatewayServer.builder().register("127.0.0.1:1").innerBind("0.0.0.0", 0).insecureNoSecret(true).build();
        GatewayServer.builder().register("127.0.0.1:1").build(); // lanIp 127.0.0.1 by default
    }

    @Test
    void beforeAuthenticationOnlyASmallFrameIsRead() throws Exception {
        try (GatewayFixture fx = new GatewayFixture(SECRET, b -> b); LogCapture log = new LogCapture();
             InnerPeer stranger = new InnerPeer(fx.inner())) {
            String big = "x".repeat(InnerInitializer.PRE_AUTH_MAX_FRAME_LENGTH);
            stranger.send(request(Command.GATEWAY_CLIENT_CONNECT, 0, "", "{\"secret_key\":\"" + big + "\"}"));
            assertTrue(stranger.closedByPeer());
            List<String> lines = log.await("WARN", "127.0.0.1:" + stranger.socket().getLocalPort());
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("FrameTooLongException"), lines.get(0));
        }
    }

    @Test
    void afterAuthenticationFullFramesAreReadEvenInTheSameWrite() throws Exception {
        try (GatewayFixture fx = new GatewayFixture(SECRET, b -> b); InnerPeer client = new InnerPeer(fx.inner())) {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            burst.write(GatewayFrameCodec.encode(request(Command.GATEWAY_CLIENT_CONNECT, 0, "",
                    "{\"secret_key\":\"" + SECRET + "\"}")));
            burst.write(GatewayFrameCodec.encode(request(Command.SEND_TO_ALL, 0, "", "y".repeat(200_000))));
            burst.write(GatewayFrameCodec.encode(request(Command.IS_ONLINE, 0, "", "")));
            client.sendRaw(burst.toByteArray());
            assertEquals("i:0;", client.readReply());
        }
    }

    @Test
    void wrongKeysAreNotLoggedAndPauseTheirAddress() throws Exception {
        try (GatewayFixture fx = new GatewayFixture(SECRET, b -> b); LogCapture log = new LogCapture()) {
            for (int i = 0; i < 5; i++) {
                try (InnerPeer guess = new InnerPeer(fx.inner())) {
                    guess.send(request(Command.GATEWAY_CLIENT_CONNECT, 0, "", "{\"secret_key\":\"" + WRONG + "\"}"));
                    assertTrue(guess.closedByPeer());
                }
            }
            try (InnerPeer right = new InnerPeer(fx.inner())) {
                try {
                    right.send(request(Command.GATEWAY_CLIENT_CONNECT, 0, "", "{\"secret_key\":\"" + SECRET + "\"}"));
                    right.send(request(Command.IS_ONLINE, 0, "", ""));
                } catch (java.net.SocketException refusedBeforeTheSecondWrite) {
                    // the gateway may close a paused address's connection before our writes end: a reset
                }
                assertTrue(right.closedByPeer(), "refused while its address is paused");
            }
            assertEquals(1, log.await("WARN", "5 failed authentications from 127.0.0.1").size(), log.text());
            assertFalse(log.text().contains(WRONG), log.text());
            assertFalse(log.text().contains(SECRET), log.text());
        }
    }
}
