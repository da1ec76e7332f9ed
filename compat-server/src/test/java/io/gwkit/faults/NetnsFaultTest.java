package io.gwkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.register.RegisterServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A cluster spread over "hosts" made of network namespaces this test creates (no traffic leaves the machine):
 * the test JVM is the client host and runs the register on a bridge ({@value #BRIDGE}, 10.212.0.254); the gateway
 * runs in namespace {@value #GW} (10.212.0.1), the echo workers in {@value #WK} (10.212.0.2), each its own JVM.
 * Faults: the worker host cut off (its link down) and back, a worker killed with SIGKILL while its clients are
 * quiet, the register down and back, one of two registers down (a new worker and the SDK use the other), the
 * gateway killed. After each, the invariant: every line a client sent was echoed exactly once,
 * in order, or the client was closed.
 *
 * <p>Needs root and iproute2 ({@code ip netns}); tagged {@code netns}. Where namespaces cannot be created the
 * whole class is skipped with the reason (JUnit assumption), never passed. Not built: delay and loss on a link
 * ({@code tc netem}; the kernel here has no {@code sch_netem}), two gateways.
 */
@Tag("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetnsFaultTest {

    static final String BRIDGE = "gwk12br";
    static final String GW = "gwk12-gw";
    static final String WK = "gwk12-wk";
    private static final String GW_IP = "10.212.0.1";
    private static final String WK_IP = "10.212.0.2";
    private static final String HOST_IP = "10.212.0.254";

    private static RegisterServer register;
    private static int registerPort;
    /** The second register (PHP's registerAddress array): every node and the SDK know both. */
    private static RegisterServer register2;
    private static String registers;
    private static ChildJvm gateway;
    private static ChildJvm worker;
    private static InetSocketAddress text;
    private static int workers;

    @BeforeAll
    static void setUp() throws Exception {
        String why = createHosts();
        Assumptions.assumeTrue(why == null, () -> "netns fault suite skipped: " + why);
        register = RegisterServer.builder().listen(HOST_IP, 0).insecureNoSecret(true).build();
        registerPort = register.start().getPort();
        register2 = RegisterServer.builder().listen(HOST_IP, 0).insecureNoSecret(true).build();
        registers = HOST_IP + ":" + registerPort + "," + HOST_IP + ":" + register2.start().getPort();
        gateway = ChildJvm.startIn(GW, HostGatewayMain.class, registers, GW_IP);
        String[] ports = gateway.awaitLine("LISTENING", 120).split(" ");
        text = new InetSocketAddress(GW_IP, Integer.parseInt(ports[0]));
        worker = startWorker();
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {worker, gateway, register, register2}) {
            if (c != null) {
                c.close();
            }
        }
        sh("ip", "link", "del", BRIDGE);
        sh("ip", "netns", "del", GW);
        sh("ip", "netns", "del", WK);
    }

    /** Creates the bridge and the two hosts; null when done, else why not. */
    private static String createHosts() throws InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root (network namespaces)";
        }
        try {
            sh("ip", "link", "del", BRIDGE); // left over from an aborted run
            sh("ip", "netns", "del", GW);
            sh("ip", "netns", "del", WK);
            must("ip", "link", "add", BRIDGE, "type", "bridge");
            must("ip", "addr", "add", HOST_IP + "/24", "dev", BRIDGE);
            must("ip", "link", "set", BRIDGE, "up");
            host(GW, "v-gw", "e-gw", GW_IP);
            host(WK, "v-wk", "e-wk", WK_IP);
            return null;
        } catch (IOException | IllegalStateException e) {
            return "cannot create network namespaces with iproute2 (" + e.getMessage() + ")";
        }
    }

    private static void host(String netns, String outside, String inside, String ip)
            throws IOException, InterruptedException {
        must("ip", "netns", "add", netns);
        must("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        must("ip", "link", "set", inside, "netns", netns);
        must("ip", "link", "set", outside, "master", BRIDGE, "up");
        must("ip", "-n", netns, "addr", "add", ip + "/24", "dev", inside);
        must("ip", "-n", netns, "link", "set", inside, "up");
        must("ip", "-n", netns, "link", "set", "lo", "up");
    }

    /** Runs {@code cmd}; its exit code (-1: could not run it), its output in {@link #lastOutput}. */
    private static int sh(String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            lastOutput = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor();
        } catch (IOException e) {
            lastOutput = e.getMessage();
            return -1;
        }
    }

    private static String lastOutput = "";

    private static void must(String... cmd) throws IOException, InterruptedException {
        if (sh(cmd) != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + lastOutput);
        }
    }

    private static ChildJvm startWorker() throws Exception {
        ChildJvm w = ChildJvm.startIn(WK, EchoWorkerMain.class, registers, "w" + workers++);
        w.awaitLine("STARTED", 120);
        try (Client probe = new Client(text, 0)) {   // served once the worker has connected to the gateway
            probe.send();
            probe.awaitEchoes(60);
        }
        return w;
    }

    /** A client that sends numbered lines and checks the echoes (any worker's name before ": "). */
    static final class Client implements AutoCloseable {
        final Socket socket = new Socket();
        final BufferedReader in;
        final OutputStream out;
        final int id;
        int sent;
        int echoed;
        boolean closed;

        Client(InetSocketAddress address, int id) throws IOException {
            socket.connect(address, 10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            this.id = id;
        }

        void send() throws IOException {
            out.write(("c" + id + "-" + sent++ + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads echoes until all sent lines are echoed or the gateway closed us; asserts order, no duplicate. */
        void awaitEchoes(long seconds) throws IOException {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(seconds));
            try {
                while (echoed < sent) {
                    String line = in.readLine();
                    if (line == null) {
                        closed = true;
                        return;
                    }
                    assertEquals("c" + id + "-" + echoed, line.substring(line.indexOf(": ") + 2), "client " + id);
                    echoed++;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("client " + id + ": " + echoed + " of " + sent + " echoed, not closed", e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Some clients of the gateway, closed together. */
    static final class Clients implements AutoCloseable {
        final List<Client> all = new ArrayList<>();

        Clients(int n) throws IOException {
            for (int i = 0; i < n; i++) {
                all.add(new Client(text, i + 1));
            }
        }

        void sendAll() throws IOException {
            for (Client c : all) {
                c.send();
            }
        }

        @Override
        public void close() throws IOException {
            for (Client c : all) {
                c.close();
            }
        }
    }

    /** Every client: all its lines echoed in order, exactly once, or closed; returns how many were closed. */
    private static int checkInvariant(Clients clients) throws IOException {
        int closed = 0;
        for (Client c : clients.all) {
            c.awaitEchoes(90);
            closed += c.closed ? 1 : 0;
        }
        return closed;
    }

    @Test
    @Order(1)
    void aPartitionBetweenTheWorkerHostAndTheGatewayHostLosesNothing() throws Exception {
        try (Clients clients = new Clients(5)) {
            for (int round = 0; round < 30; round++) {
                if (round == 10) {
                    must("ip", "link", "set", "v-wk", "down");          // worker host cut off
                }
                if (round == 20) {
                    must("ip", "link", "set", "v-wk", "up");
                }
                clients.sendAll();
                Thread.sleep(100);
            }
            assertEquals(0, checkInvariant(clients), "no client closed: TCP carried everything across the gap");
        } finally {
            sh("ip", "link", "set", "v-wk", "up");
        }
    }

    @Test
    @Order(2)
    void aWorkerKilledWithSigkillWhileItsClientsAreQuietLosesNoClientAndNoEvent() throws Exception {
        try (Clients clients = new Clients(5)) {
            clients.sendAll();
            assertEquals(0, checkInvariant(clients));
            worker.kill();
            clients.sendAll();                                       // held by the gateway: no worker
            clients.sendAll();
            worker = startWorker();
            assertEquals(0, checkInvariant(clients), "every client kept, every line echoed");
        }
    }

    @Test
    @Order(3)
    void theRegisterDownAndBackDoesNotDisturbTheClients() throws Exception {
        try (Clients clients = new Clients(5)) {
            register.close();
            for (int round = 0; round < 10; round++) {
                clients.sendAll();
                Thread.sleep(100);
            }
            register = RegisterServer.builder().listen(HOST_IP, registerPort).insecureNoSecret(true).build();
            register.start();
            clients.sendAll();
            assertEquals(0, checkInvariant(clients));
        }
    }

    @Test
    @Order(4)
    void withOneOfTwoRegistersDownANewWorkerAndTheSdkStillFindTheGateway() throws Exception {
        register.close();
        try (Clients clients = new Clients(2); io.gwkit.client.GatewayClient sdk = io.gwkit.client.GatewayClient.builder()
                .registerAddress(HOST_IP + ":" + registerPort).registerAddress(registers.split(",")[1]).build()) {
            worker.close();                                         // a new worker has only the second register
            worker = startWorker();
            clients.sendAll();
            assertEquals(0, checkInvariant(clients));
            sdk.sendToAll("from the sdk");
            for (Client c : clients.all) {
                assertEquals("from the sdk", c.in.readLine());
            }
        } finally {
            register = RegisterServer.builder().listen(HOST_IP, registerPort).insecureNoSecret(true).build();
            register.start();
        }
    }

    @Test
    @Order(5)
    void theGatewayKilledClosesItsClientsAndLosesNothingItAcknowledged() throws Exception {
        try (Clients clients = new Clients(3)) {
            clients.sendAll();
            assertEquals(0, checkInvariant(clients));
            gateway.kill();
            int closed = checkInvariant(clients);                   // nothing more to echo: each sees EOF
            for (Client c : clients.all) {
                assertTrue(c.in.readLine() == null, "client " + c.id + " was told: its connection closed");
            }
            assertEquals(0, closed);
        }
    }
}
