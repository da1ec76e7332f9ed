package io.gwkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.client.GatewayClient;
import io.gwkit.client.RegisterUnavailableException;
import io.gwkit.gateway.GatewayServer;
import io.gwkit.register.RegisterServer;
import io.gwkit.testing.LinePeer;
import io.gwkit.worker.BusinessWorker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The register goes down and comes back on the same port. Meanwhile nothing that is connected notices: clients
 * are served, per-client SDK calls (the client_id names the gateway) reach them. When it is back, the gateway
 * announces itself and the worker subscribes again within one reconnect interval (1 s, as PHP) plus a
 * connect; the measured times are printed (docs/ROBUSTNESS.md), not asserted.
 */
class RegisterOutageTest {

    @Test
    void clientsAreServedWhileTheRegisterIsDownAndEveryNodeReRegistersWhenItIsBack() throws Exception {
        RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build();
        int registerPort = register.start().getPort();
        String registerAddress = "127.0.0.1:" + registerPort;
        GatewayServer gateway = GatewayServer.builder().listen("text://127.0.0.1:0").lanPort(0)
                .register(registerAddress).build();
        BusinessWorker worker = null;
        try (GatewayClient sdk = GatewayClient.builder().registerAddress(registerAddress).build()) {
            gateway.start().get(Await.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            worker = BusinessWorker.builder().registerAddress(registerAddress).handler(new EchoHandler("w"))
                    .build().start();
            assertTrue(worker.awaitConnected(List.of(gateway.announcedAddress()), Duration.ofSeconds(Await.TIMEOUT_SECONDS)));
            Await.until("gateway has its worker", () -> gateway.workerCount() == 1);
            try (LinePeer client = new LinePeer(gateway.listenerAddresses().get(0))) {
                String clientId = client.sendLine("whoami").readLine();

                register.close();
                assertEquals("w: during the outage", client.sendLine("during the outage").readLine());
                sdk.sendToClient(clientId, "pushed during the outage");
                assertEquals("pushed during the outage", client.readLine());
                try (GatewayClient uncached = sdk.newBuilder().registerCacheTtl(Duration.ZERO).build()) {
                    // calls that need the gateway list fail cleanly, as PHP's GatewayClient throws
                    assertThrows(RegisterUnavailableException.class, () -> uncached.sendToAll("no list"));
                }
                try (LinePeer late = new LinePeer(gateway.listenerAddresses().get(0))) {
                    assertEquals("w: new client", late.sendLine("new client").readLine());
                }

                register = RegisterServer.builder().listen("127.0.0.1", registerPort).build();
                register.start();
                long back = System.nanoTime();
                RegisterServer restarted = register;
                Await.until("register lists the gateway again",
                        () -> restarted.gatewayAddresses().contains(gateway.announcedAddress()));
                long gatewayMs = (System.nanoTime() - back) / 1_000_000;
                Await.until("worker subscribed again", () -> restarted.workerCount() == 1);
                long workerMs = (System.nanoTime() - back) / 1_000_000;
                System.out.printf("register back: gateway re-announced after %d ms, worker re-subscribed after"
                        + " %d ms (reconnect interval 1000 ms)%n", gatewayMs, workerMs);

                assertEquals("w: after", client.sendLine("after").readLine());
                sdk.sendToAll("to all");
                assertEquals("to all", client.readLine());
                assertEquals(1, gateway.workerCount());
            }
        } finally {
            if (worker != null) {
                worker.close();
            }
            gateway.close();
            register.close();
        }
    }
}
