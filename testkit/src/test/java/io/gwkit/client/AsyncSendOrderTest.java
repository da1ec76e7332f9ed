package io.gwkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gwkit.testkit.MockGateway;
import io.gwkit.testkit.MockRegister;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Async calls from one thread reach the gateway in call order, also while the pooled connection is still being made. */
@Tag("socket")
class AsyncSendOrderTest {

    @Test
    void sendsIssuedBeforeTheConnectionIsUpKeepTheirOrder() throws Exception {
        try (MockGateway g = new MockGateway();
             MockRegister r = new MockRegister(g);
             GatewayClient gw = GatewayClient.builder().registerAddress(r.address()).connectionsPerGateway(1)
                     .replyTimeout(Duration.ofSeconds(10)).build()) {
            String client = g.clientId(1);
            int n = 200;
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sent.add(gw.async().sendToClient(client, "m" + i)); // the first ones wait for the connect
            }
            CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).join();
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                bodies.add(g.takeRequest().bodyUtf8());
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add("m" + i);
            }
            assertEquals(expected, bodies);
            assertEquals(0, g.pendingRequestCount(), "nothing else was sent");
        }
    }
}
