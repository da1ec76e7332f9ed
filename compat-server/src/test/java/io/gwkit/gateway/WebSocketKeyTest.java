package io.gwkit.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An upgrade request whose Sec-WebSocket-Key is not a base64 16-byte nonce gets 400 and a close, never 101. */
@Tag("socket")
class WebSocketKeyTest {

    private static byte[] upgrade(String key) {
        return ("GET / HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void invalidKeysAreRefusedAndAValidOneStillUpgrades() throws Exception {
        try (GatewayFixture fx = new GatewayFixture(); InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
            for (String bad : new String[] {"", "not base64!", "dG9vIHNob3J0"}) {
                try (LinePeer client = new LinePeer(fx.websocket())) {
                    client.sendRaw(upgrade(bad));
                    String head = client.readHttpHead();
                    assertTrue(head.startsWith("HTTP/1.1 400 "), "key '" + bad + "': " + head);
                    assertTrue(client.closedByPeer(), bad);
                }
            }
            try (LinePeer client = new LinePeer(fx.websocket())) {
                client.sendRaw(upgrade("dGhlIHNhbXBsZSBub25jZQ=="));
                String head = client.readHttpHead();
                assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            }
        }
    }
}
