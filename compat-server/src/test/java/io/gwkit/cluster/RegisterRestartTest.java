package io.gwkit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.GatewayServer;
import io.gwkit.register.RegisterServer;
import io.gwkit.worker.BusinessWorker;
import io.gwkit.worker.DemoApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The register goes away and comes back on the same port: nobody loses a client, everybody re-registers. */
@Tag("socket")
class RegisterRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void gatewayAndWorkerReRegisterAndNoClientIsLost() throws Exception {
        RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build();
        int registerPort = register.start().getPort();
        String registerAddress = "127.0.0.1:" + registerPort;
        GatewayServer gateway = GatewayServer.builder().listen("text://127.0.0.1:0").lanPort(0)
                .register(registerAddress).build();
        GatewayServer second = null;
        BusinessWorker worker = null;
        try {
            gateway.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            worker = BusinessWorker.builder().registerAddress(registerAddress).handler(new DemoApp()).build().start();
            assertTrue(worker.awaitConnected(List.of(gateway.announcedAddress()), WAIT));
            awaitWorkers(gateway);
            try (TestClients.Text c1 = new TestClients.Text(gateway.listenerAddresses().get(0))) {
                c1.take();

                register.close();
                register = RegisterServer.builder().listen("127.0.0.1", registerPort).build();
                register.start();

                // the gateway announces itself again ...
                awaitListed(registerAddress, gateway.announcedAddress());
                // ... and the worker subscribed again: it learns about a gateway that only the new register knows
                second = GatewayServer.builder().listen("text://127.0.0.1:0").lanPort(0).register(registerAddress).build();
                second.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertTrue(worker.awaitConnected(List.of(gateway.announcedAddress(), second.announcedAddress()), WAIT));

                c1.send("still served");
                assertEquals("echo still served", c1.take());
                assertEquals(1, gateway.workerCount());
            }
        } finally {
            if (worker != null) {
                worker.close();
            }
            if (second != null) {
                second.close();
            }
            gateway.close();
            register.close();
        }
    }

    private static void awaitWorkers(GatewayServer gateway) throws InterruptedException {
        io.gwkit.testkit.Await.value("the gateway's worker", 1, gateway::workerCount);
    }

    /** Asks the register as a GatewayClient does until it lists the address. */
    private static void awaitListed(String registerAddress, String gatewayAddress) throws Exception {
        String[] last = new String[1];
        try {
            io.gwkit.testkit.Await.until("register lists " + gatewayAddress, WAIT,
                    () -> (last[0] = askRegister(registerAddress)) != null && last[0].contains("\"" + gatewayAddress + "\""));
        } catch (AssertionError e) {
            throw new AssertionError("register never listed " + gatewayAddress + ", last answer: " + last[0], e);
        }
    }

    private static String askRegister(String registerAddress) {
        int colon = registerAddress.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(registerAddress.substring(0, colon),
                    Integer.parseInt(registerAddress.substring(colon + 1))), 3000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("{\"event\":\"worker_connect\",\"secret_key\":\"\"}\n".getBytes(StandardCharsets.UTF_8));
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
