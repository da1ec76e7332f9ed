package io.gwkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.cluster.LocalCluster;
import io.gwkit.protocol.ClientId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The bench's PHP-shaped per-call client against an embedded cluster: answers and deliveries, no timing. */
@Tag("socket")
class PhpStyleCallsTest {

    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws InterruptedException {
        cluster = LocalCluster.builder().ephemeralPorts().build().start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void isOnlineAndSendToClientReachAConnectedClient() throws Exception {
        PhpStyleCalls php = new PhpStyleCalls(cluster.textInnerAddress(), "");
        try (Socket client = new Socket("127.0.0.1", cluster.textAddress().getPort())) {
            client.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8));
            String clientId = TextClients.welcomeClientId(in.readLine());
            assertNotNull(clientId);
            assertTrue(php.isOnline(clientId));
            php.sendToClient(clientId, "hello from a new connection");
            assertEquals("hello from a new connection", in.readLine());
            ClientId id = ClientId.parse(clientId);
            String offline = new ClientId(id.localIp(), id.localPort(), 0xFFFF_FFF0L).toString();
            assertFalse(php.isOnline(offline));
        }
    }
}
