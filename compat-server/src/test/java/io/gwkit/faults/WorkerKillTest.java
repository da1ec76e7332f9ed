package io.gwkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.GatewayServer;
import io.gwkit.register.RegisterServer;
import io.gwkit.testing.LinePeer;
import io.gwkit.worker.BusinessWorker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A BusinessWorker killed with SIGKILL (a child JVM: no close, no goodbye; the kernel closes its sockets).
 * A client's next event goes to another worker; with none left the gateway keeps the clients and holds their
 * events for the next worker (within its workerGap bounds; with none, as PHP's gateway, the client is closed:
 * "SendBufferToWorker fail ... not ready" + destroy()); once a worker is back, events flow again. Killed while its
 * clients keep sending, the events in flight to it (written by the gateway, not yet handled, or handled and not yet
 * acknowledged) cannot be recovered, so the gateway closes the clients they belong to (docs/ROBUSTNESS.md, the gwkit
 * acknowledgement extension): for every client, every line it sent was handled and echoed exactly once, in order,
 * or it was closed.
 */
@Tag("socket")
class WorkerKillTest {

    private static final int CLIENTS = 12;
    private static final int ROUNDS = 60;

    private RegisterServer register;
    private String registerAddress;
    private GatewayServer gateway;
    private InetSocketAddress text;
    private BusinessWorker local;
    /** Every message a worker's handler ran for: the local worker's as it runs, the child's from its stdout. */
    private final java.util.Queue<String> handled = new java.util.concurrent.ConcurrentLinkedQueue<>();

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

    @Test
    void everyLineIsEchoedOnceOrItsClientIsClosedWhenAWorkerIsKilledMidStream() throws Exception {
        killMidStream("0");
    }

    /** With a handler pool events finish out of order; the worker acknowledges only the finished prefix. */
    @Test
    void theSameWithAHandlerPool() throws Exception {
        killMidStream("4");
    }

    private void killMidStream(String handlerThreads) throws Exception {
        // the child takes 2 ms a line: it falls behind and always has events in flight when it is killed
        try (ChildJvm child = ChildJvm.start(EchoWorkerMain.class, 0, registerAddress, "child", "2", handlerThreads)) {
            child.awaitLine("STARTED", 120);
            Await.until("gateway has the child worker", () -> gateway.workerCount() == 1);
            local = BusinessWorker.builder().registerAddress(registerAddress).name("local")
                    .handler(new EchoHandler("local", 0, handled::add)).build().start();
            Await.until("gateway has 2 workers", () -> gateway.workerCount() == 2);
            List<NumberedClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    NumberedClient c = new NumberedClient(text, i);
                    clients.add(c);
                    c.send();
                    c.awaitEchoes(60);
                }
                assertTrue(clients.stream().anyMatch(c -> "child".equals(c.servedBy)), "some clients use the child");
                for (int round = 0; round < ROUNDS; round++) {
                    if (round == ROUNDS / 2) {
                        child.kill();
                    }
                    for (NumberedClient c : clients) {
                        c.send();
                    }
                    Thread.sleep(5);
                }
                int closed = 0;
                int echoed = 0;
                for (NumberedClient c : clients) {
                    c.awaitEchoes(60);          // asserts each echo once and in order, up to a close
                    closed += c.closed ? 1 : 0;
                    echoed += c.echoed;
                }
                // every client left open was served to the end by the surviving worker
                for (NumberedClient c : clients) {
                    if (!c.closed) {
                        assertEquals(c.sent, c.echoed, "client " + c.id);
                    }
                }
                assertEquals(closed, gateway.stats().workerAckCloses(), "each close counted once");
                // handled exactly once by some worker: the child printed what it handled up to its death
                int byChild = 0;
                for (String line : child.remainingStdout()) {
                    if (line.startsWith("HANDLED ")) {
                        handled.add(line.substring("HANDLED ".length()));
                        byChild++;
                    }
                }
                java.util.Map<String, Long> times = handled.stream().collect(java.util.stream.Collectors.groupingBy(
                        m -> m, java.util.stream.Collectors.counting()));
                for (NumberedClient c : clients) {
                    for (int n = 0; n < c.sent; n++) {
                        long t = times.getOrDefault("c" + c.id + "-" + n, 0L);
                        assertTrue(t == 1 || (t == 0 && c.closed), "client " + c.id + " line " + n + " handled " + t
                                + " times" + (c.closed ? " (closed)" : " (not closed)"));
                    }
                }
                System.out.printf("worker (handler threads %s) killed mid-stream: %d clients, %d lines echoed, "
                        + "%d clients closed, %d lines handled by the killed worker%n", handlerThreads, CLIENTS, echoed,
                        closed, byChild);
            } finally {
                for (NumberedClient c : clients) {
                    c.close();
                }
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
