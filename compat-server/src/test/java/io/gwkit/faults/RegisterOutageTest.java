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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The register goes down and comes back on the same port. Meanwhile nothing that is connected notices: clients
 * are served, per-client SDK calls (the client_id names the gateway) reach them. When it is back, the gateway
 * announces itself and the worker subscribes again within one reconnect interval (1 s, as PHP) plus a
 * connect; the measured times are printed (docs/ROBUSTNESS.md), not asserted.
 */
@Tag("socket")
class RegisterOutageTest {

    /** Captures System.err (slf4j-simple writes to System.err as it is at each call) and echoes it on close. */
    private static final class StderrCapture implements AutoCloseable {
        private final PrintStream old = System.err;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        StderrCapture() {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        }

        String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            if (System.err != old) {
                System.setErr(old);
                old.print(text());
            }
        }
    }

    private static long count(String log, String text) {
        return log.lines().filter(l -> l.contains(text)).count();
    }

    @Test
    void clientsAreServedWhileTheRegisterIsDownAndEveryNodeReRegistersWhenItIsBack() throws Exception {
        RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build();
        int registerPort = register.start().getPort();
        String registerAddress = "127.0.0.1:" + registerPort;
        GatewayServer gateway = GatewayServer.builder().listen("text://127.0.0.1:0").lanPort(0)
                .register(registerAddress).build();
        BusinessWorker worker = null;
        StderrCapture outageLog = null;
        try (GatewayClient sdk = GatewayClient.builder().registerAddress(registerAddress).build()) {
            gateway.start().get(Await.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            worker = BusinessWorker.builder().registerAddress(registerAddress).handler(new EchoHandler("w"))
                    .build().start();
            assertTrue(worker.awaitConnected(List.of(gateway.announcedAddress()), Duration.ofSeconds(Await.TIMEOUT_SECONDS)));
            Await.until("gateway has its worker", () -> gateway.workerCount() == 1);
            try (LinePeer client = new LinePeer(gateway.listenerAddresses().get(0))) {
                String clientId = client.sendLine("whoami").readLine();
                // the SDK dials only gateways a register listed: it learns the list before the outage and keeps
                // dialing them through it (PHP's GatewayClient dials a client_id's address without asking)
                assertEquals(1L, sdk.getAllClientIdCount());

                outageLog = new StderrCapture();
                long down = System.nanoTime();
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

                // a few retry intervals of outage (the scenario, not a wait for a condition)
                long outageMs = 3 * GatewayServer.MAX_REGISTER_RECONNECT_DELAY.toMillis() + 500;
                Thread.sleep(Math.max(0, outageMs - (System.nanoTime() - down) / 1_000_000));

                register = RegisterServer.builder().listen("127.0.0.1", registerPort).build();
                register.start();
                long back = System.nanoTime();
                RegisterServer restarted = register;
                Await.until("register lists the gateway again",
                        () -> restarted.gatewayAddresses().contains(gateway.announcedAddress()));
                long gatewayMs = (System.nanoTime() - back) / 1_000_000;
                Await.until("worker subscribed again", () -> restarted.workerCount() == 1);
                long workerMs = (System.nanoTime() - back) / 1_000_000;
                outageLog.close();
                // the nodes reported the outage once each, not at every retry
                assertEquals(2, count(outageLog.text(), "register " + registerAddress + " unreachable"), outageLog.text());
                assertEquals(1, count(outageLog.text(), "worker: register " + registerAddress + " unreachable"),
                        outageLog.text());
                System.out.printf("register back: gateway re-announced after %d ms, worker re-subscribed after"
                        + " %d ms (reconnect interval 1000 ms)%n", gatewayMs, workerMs);

                assertEquals("w: after", client.sendLine("after").readLine());
                sdk.sendToAll("to all");
                assertEquals("to all", client.readLine());
                assertEquals(1, gateway.workerCount());
            }
        } finally {
            if (outageLog != null) {
                outageLog.close();
            }
            if (worker != null) {
                worker.close();
            }
            gateway.close();
            register.close();
        }
    }
}
