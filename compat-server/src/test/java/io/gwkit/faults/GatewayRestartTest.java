package io.gwkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.GatewayServer;
import io.gwkit.register.RegisterServer;
import io.gwkit.testing.LinePeer;
import io.gwkit.worker.BusinessWorker;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A gateway killed with SIGKILL (child JVM) and started again on the same ports: its clients are gone, the
 * worker keeps running and connects to the new gateway as soon as the register lists it (or on its own 1 s
 * retry), so new clients are served. The measured reconnect time is printed (docs/ROBUSTNESS.md).
 */
@Tag("socket")
class GatewayRestartTest {

    @Test
    void workersReconnectToAGatewayRestartedOnTheSamePorts() throws Exception {
        RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build();
        String registerAddress = "127.0.0.1:" + register.start().getPort();
        BusinessWorker worker = null;
        GatewayServer restarted = null;
        try {
            worker = BusinessWorker.builder().registerAddress(registerAddress).handler(new EchoHandler("w"))
                    .build().start();
            int textPort;
            int innerPort;
            try (ChildJvm child = ChildJvm.start(GatewayMain.class, 0, registerAddress, "0", "0")) {
                String[] ports = child.awaitLine("LISTENING", 120).split(" ");
                textPort = Integer.parseInt(ports[0]);
                innerPort = Integer.parseInt(ports[1]);
                String address = "127.0.0.1:" + innerPort;
                child.awaitLine("SERVED", 60);
                BusinessWorker w = worker;
                try (LinePeer client = new LinePeer(new InetSocketAddress("127.0.0.1", textPort))) {
                    assertEquals("w: before", client.sendLine("before").readLine());
                    child.kill();
                    assertTrue(client.closedByPeer());
                }
                Await.until("worker saw the gateway die", () -> !w.connectedGateways().contains(address));
            }

            restarted = GatewayServer.builder().name("restarted").listen("text://127.0.0.1:" + textPort)
                    .lanPort(innerPort).register(registerAddress).build();
            long start = System.nanoTime();
            restarted.start();
            GatewayServer g = restarted;
            Await.until("worker connected to the restarted gateway", () -> g.workerCount() == 1);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("gateway restarted: worker reconnected %d ms after its start()%n", ms);
            try (LinePeer client = new LinePeer(restarted.listenerAddresses().get(0))) {
                assertEquals("w: after", client.sendLine("after").readLine());
            }
        } finally {
            if (worker != null) {
                worker.close();
            }
            if (restarted != null) {
                restarted.close();
            }
            register.close();
        }
    }
}
