package io.gwkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.GatewayServer;
import io.gwkit.register.RegisterServer;
import io.gwkit.testing.LinePeer;
import io.gwkit.worker.BusinessWorker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A BusinessWorker killed with SIGKILL (a child JVM: no close, no goodbye; the kernel closes its sockets).
 * A client's next event goes to another worker; with none left the gateway keeps the clients and holds their
 * events for the next worker (within its workerGap bounds; with none, as PHP's gateway, the client is closed:
 * "SendBufferToWorker fail ... not ready" + destroy()); once a worker is back, events flow again.
 */
@Tag("socket")
class WorkerKillTest {

    private RegisterServer register;
    private String registerAddress;
    private GatewayServer gateway;
    private InetSocketAddress text;
    private BusinessWorker local;

    @BeforeEach
    void setUp() throws Exception {
        register = RegisterServer.builder().listen("127.0.0.1", 0).build();
        registerAddress = "127.0.0.1:" + register.start().getPort();
        gateway = GatewayServer.builder().listen("text://127.0.0.1:0").lanPort(0).register(registerAddress).build();
        gateway.start().get(Await.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        text = gateway.listenerAddresses().get(0);
    }

    @AfterEach
    void tearDown() {
        if (local != null) {
            local.close();
        }
        gateway.close();
        register.close();
    }

    @Test
    void aKilledWorkersClientsMoveToTheSurvivingWorker() throws Exception {
        try (ChildJvm child = ChildJvm.start(EchoWorkerMain.class, 0, registerAddress, "child")) {
            child.awaitLine("STARTED", 120);
            awaitWorkers(1);
            try (LinePeer c1 = new LinePeer(text)) {
                assertEquals("child: a", c1.sendLine("a").readLine());
                startLocalWorker();
                awaitWorkers(2);
                assertEquals("child: b", c1.sendLine("b").readLine()); // sticky routing

                child.kill();
                awaitWorkers(1);
                assertEquals("local: c", c1.sendLine("c").readLine());
                try (LinePeer c2 = new LinePeer(text)) {
                    assertEquals("local: d", c2.sendLine("d").readLine());
                }
            }
        }
    }

    @Test
    void withNoWorkerLeftClientsStayAndTheirEventsWaitForTheNextWorker() throws Exception {
        try (ChildJvm child = ChildJvm.start(EchoWorkerMain.class, 0, registerAddress, "child")) {
            child.awaitLine("STARTED", 120);
            awaitWorkers(1);
            try (LinePeer talker = new LinePeer(text); LinePeer quiet = new LinePeer(text)) {
                assertEquals("child: a", talker.sendLine("a").readLine());
                assertEquals("child: q", quiet.sendLine("q").readLine());

                child.kill();
                awaitWorkers(0);
                talker.sendLine("held 1").sendLine("held 2");
                try (LinePeer newcomer = new LinePeer(text)) {
                    newcomer.sendLine("hello");
                    startLocalWorker();                            // within the gap bound (10 s by default)
                    awaitWorkers(1);
                    assertEquals("local: held 1", talker.readLine());
                    assertEquals("local: held 2", talker.readLine());
                    assertEquals("local: hello", newcomer.readLine());
                    assertEquals("local: back", quiet.sendLine("back").readLine());
                }
            }
        }
    }

    @Test
    void withNoWorkerAndNoGapAllowedAClientsNextEventClosesItAsWithPhp() throws Exception {
        gateway.close();
        gateway = GatewayServer.builder().listen("text://127.0.0.1:0").lanPort(0).register(registerAddress)
                .workerGap(0, 0, Duration.ZERO).build();
        gateway.start().get(Await.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        text = gateway.listenerAddresses().get(0);
        try (ChildJvm child = ChildJvm.start(EchoWorkerMain.class, 0, registerAddress, "child")) {
            child.awaitLine("STARTED", 120);
            awaitWorkers(1);
            try (LinePeer talker = new LinePeer(text); LinePeer quiet = new LinePeer(text)) {
                assertEquals("child: a", talker.sendLine("a").readLine());
                child.kill();
                awaitWorkers(0);
                talker.sendLine("into the void");
                assertTrue(talker.closedByPeer(), "a client whose event no worker can take is closed");
                startLocalWorker();
                awaitWorkers(1);
                // a client that sent nothing during the outage is still there and served again
                assertEquals("local: back", quiet.sendLine("back").readLine());
            }
        }
    }

    private void startLocalWorker() {
        local = BusinessWorker.builder().registerAddress(registerAddress).name("local")
                .handler(new EchoHandler("local")).build().start();
    }

    private void awaitWorkers(int n) throws InterruptedException {
        Await.until("gateway has " + n + " workers", () -> gateway.workerCount() == n);
    }
}
