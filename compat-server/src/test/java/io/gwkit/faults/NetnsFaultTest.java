package io.gwkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.register.RegisterServer;
import java.io.IOException;
import java.net.InetSocketAddress;
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
 * the test JVM is the client host and runs the registers on a bridge ({@value #BRIDGE}, 10.212.0.254); the gateway
 * runs in namespace {@value #GW} (10.212.0.1), the echo workers in {@value #WK} (10.212.0.2), each its own JVM; from
 * the fifth case on a second gateway in {@value #GW2} (10.212.0.3) and a second worker in {@value #WK2} (10.212.0.4)
 * join. Faults: the worker host cut off (its link down) and back, a worker killed with SIGKILL while its clients are
 * quiet, the register down and back, one of two registers down (a new worker and the SDK use the other), a
 * partition between the worker host and the first gateway's host by packet-drop rules (nft or iptables), delay and
 * loss on the worker host's link ({@code tc netem}, else a slow lossy link: tbf + nft random drop), a worker killed while its clients send (the gateways close
 * the clients whose events it had not acknowledged), the gateway killed. After each, the invariant: every line a
 * client sent was echoed exactly once, in order, or the client was closed; where an SDK pushes during the fault,
 * every push reached every client once, in order.
 *
 * <p>Needs root and iproute2 ({@code ip netns}); tagged {@code netns}. Where namespaces cannot be created the
 * whole class is skipped with the reason (JUnit assumption), never passed; so is the partition case without nft
 * and iptables, and the delay/loss case where neither netem nor tbf + nft work.
 */
@Tag("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("socket")
class NetnsFaultTest {

    static final String BRIDGE = "gwk12br";
    static final String GW = "gwk12-gw";
    static final String WK = "gwk12-wk";
    static final String GW2 = "gwk12-gw2";
    static final String WK2 = "gwk12-wk2";
    private static final String GW_IP = "10.212.0.1";
    private static final String WK_IP = "10.212.0.2";
    private static final String GW2_IP = "10.212.0.3";
    private static final String WK2_IP = "10.212.0.4";
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
    /** The second gateway and worker, started by the first case that needs them. */
    private static ChildJvm gateway2;
    private static ChildJvm worker2;
    private static String worker2Name;
    private static InetSocketAddress text2;

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
        for (AutoCloseable c : new AutoCloseable[] {worker2, worker, gateway2, gateway, register, register2}) {
            if (c != null) {
                c.close();
            }
        }
        sh("ip", "link", "del", BRIDGE);
        for (String netns : new String[] {GW, WK, GW2, WK2}) {
            sh("ip", "netns", "del", netns);
        }
    }

    /** Creates the bridge and the two hosts; null when done, else why not. */
    private static String createHosts() throws InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root (network namespaces)";
        }
        try {
            sh("ip", "link", "del", BRIDGE); // left over from an aborted run
            for (String netns : new String[] {GW, WK, GW2, WK2}) {
                sh("ip", "netns", "del", netns);
            }
            must("ip", "link", "add", BRIDGE, "type", "bridge");
            must("ip", "addr", "add", HOST_IP + "/24", "dev", BRIDGE);
            must("ip", "link", "set", BRIDGE, "up");
            host(GW, "v-gw", "e-gw", GW_IP);
            host(WK, "v-wk", "e-wk", WK_IP);
            host(GW2, "v-gw2", "e-gw2", GW2_IP);
            host(WK2, "v-wk2", "e-wk2", WK2_IP);
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

    /** The name of the worker on {@value #WK}. */
    private static String workerName;

    private static ChildJvm startWorker() throws Exception {
        return startWorker(0);
    }

    /** A new echo worker on {@value #WK} taking {@code delayMillis} per line; waits until it serves a client. */
    private static ChildJvm startWorker(long delayMillis) throws Exception {
        workerName = "w" + workers++;
        ChildJvm w = ChildJvm.startIn(WK, EchoWorkerMain.class, registers, workerName, Long.toString(delayMillis));
        w.awaitLine("STARTED", 120);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Clients probes = new Clients(0, text, 0)) { // kept open: the next client goes to the least busy worker
            while (probes.all.isEmpty() || !workerName.equals(probes.all.get(probes.all.size() - 1).servedBy)) {
                assertTrue(System.nanoTime() < deadline, workerName + " serves the gateway's clients");
                NumberedClient probe = new NumberedClient(text, 0);
                probes.all.add(probe);
                probe.send();
                probe.awaitEchoes(60);
            }
        }
        return w;
    }

    /** Some clients of the gateway, closed together. */
    static final class Clients implements AutoCloseable {
        final List<NumberedClient> all = new ArrayList<>();

        Clients(int n) throws IOException {
            this(n, text, 1);
        }

        /** {@code n} clients of the gateway at {@code address}, numbered from {@code firstId}. */
        Clients(int n, InetSocketAddress address, int firstId) throws IOException {
            for (int i = 0; i < n; i++) {
                all.add(new NumberedClient(address, firstId + i));
            }
        }

        Clients and(Clients more) {
            all.addAll(more.all);
            more.all.clear();
            return this;
        }

        void sendAll() throws IOException {
            for (NumberedClient c : all) {
                c.send();
            }
        }

        @Override
        public void close() throws IOException {
            for (NumberedClient c : all) {
                c.close();
            }
        }
    }

    /** Every client: all its lines echoed in order, exactly once, or closed; returns how many were closed. */
    private static int checkInvariant(Clients clients) throws IOException {
        return checkInvariant(clients, 0);
    }

    /** As {@link #checkInvariant(Clients)}, and every client not closed got the pushes 0..pushes-1 once, in order. */
    private static int checkInvariant(Clients clients, int pushes) throws IOException {
        int closed = 0;
        for (NumberedClient c : clients.all) {
            c.awaitEchoesAndPushes(90, pushes);
            closed += c.closed ? 1 : 0;
        }
        return closed;
    }

    /**
     * Starts the second gateway ({@value #GW2}) and the second worker ({@value #WK2}) once, and waits until each
     * gateway has served a client through each worker.
     */
    private static void startSecondPair() throws Exception {
        if (gateway2 != null) {
            return;
        }
        gateway2 = ChildJvm.startIn(GW2, HostGatewayMain.class, registers, GW2_IP);
        text2 = new InetSocketAddress(GW2_IP, Integer.parseInt(gateway2.awaitLine("LISTENING", 120).split(" ")[0]));
        worker2Name = "w" + workers++;
        worker2 = ChildJvm.startIn(WK2, EchoWorkerMain.class, registers, worker2Name);
        worker2.awaitLine("STARTED", 120);
        for (InetSocketAddress gw : new InetSocketAddress[] {text, text2}) {
            java.util.Set<String> served = new java.util.HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try (Clients probes = new Clients(0, gw, 0)) {  // kept open: the next client goes to the least busy worker
                while (served.size() < 2) {
                    assertTrue(System.nanoTime() < deadline, "both workers serve " + gw + ": only " + served);
                    NumberedClient probe = new NumberedClient(gw, 0);
                    probes.all.add(probe);
                    probe.send();
                    probe.awaitEchoes(60);
                    served.add(probe.servedBy);
                }
            }
        }
    }

    /** The SDK on the client host: {@code count} numbered sendToAll pushes ("push:0", …), one at a time. */
    private static void push(io.gwkit.client.GatewayClient sdk, int from, int count) {
        for (int i = from; i < from + count; i++) {
            sdk.sendToAll("push:" + i);
        }
    }

    private static io.gwkit.client.GatewayClient sdk() {
        return io.gwkit.client.GatewayClient.builder().registerAddress(registers.split(",")[0])
                .registerAddress(registers.split(",")[1]).connectionsPerGateway(1).build();
    }

    /** Drops every packet between the worker host and the first gateway's host (nft, else iptables); why not, or null. */
    private static String partitionWorkerFromGateway() throws InterruptedException {
        if (sh("ip", "netns", "exec", WK, "nft", "add", "table", "inet", "gwk12") == 0
                && sh("ip", "netns", "exec", WK, "nft", "add", "chain", "inet", "gwk12", "out",
                        "{ type filter hook output priority 0; }") == 0
                && sh("ip", "netns", "exec", WK, "nft", "add", "chain", "inet", "gwk12", "in",
                        "{ type filter hook input priority 0; }") == 0
                && sh("ip", "netns", "exec", WK, "nft", "add", "rule", "inet", "gwk12", "out", "ip", "daddr", GW_IP,
                        "drop") == 0
                && sh("ip", "netns", "exec", WK, "nft", "add", "rule", "inet", "gwk12", "in", "ip", "saddr", GW_IP,
                        "drop") == 0) {
            return null;
        }
        String nft = lastOutput;
        sh("ip", "netns", "exec", WK, "nft", "delete", "table", "inet", "gwk12");
        if (sh("ip", "netns", "exec", WK, "iptables", "-A", "OUTPUT", "-d", GW_IP, "-j", "DROP") == 0
                && sh("ip", "netns", "exec", WK, "iptables", "-A", "INPUT", "-s", GW_IP, "-j", "DROP") == 0) {
            return null;
        }
        sh("ip", "netns", "exec", WK, "iptables", "-F");
        return "neither nft (" + nft + ") nor iptables (" + lastOutput + ") can drop packets in a namespace";
    }

    private static void healPartition() throws InterruptedException {
        sh("ip", "netns", "exec", WK, "nft", "delete", "table", "inet", "gwk12");
        sh("ip", "netns", "exec", WK, "iptables", "-F");
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
            Thread.sleep(300);            // quiet until the gateway has seen the connection close (else: closed)
            clients.sendAll();                                       // held by the gateway: no worker
            clients.sendAll();
            worker = startWorker();
            int closed = checkInvariant(clients);
            assertEquals(0, closed, () -> "every client kept, every line echoed; the gateway's warnings: "
                    + gateway.log().stream().filter(l -> l.contains("WARN")).toList());
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
            for (NumberedClient c : clients.all) {
                assertEquals("from the sdk", c.in.readLine());
            }
        } finally {
            register = RegisterServer.builder().listen(HOST_IP, registerPort).insecureNoSecret(true).build();
            register.start();
        }
    }

    @Test
    @Order(5)
    void aPartitionByPacketDropBetweenAWorkerHostAndAGatewayHostLosesNothing() throws Exception {
        startSecondPair();
        try (Clients clients = new Clients(4).and(new Clients(4, text2, 11));
             io.gwkit.client.GatewayClient sdk = sdk()) {
            clients.sendAll();
            push(sdk, 0, 5);
            assertEquals(0, checkInvariant(clients, 5));
            assertTrue(clients.all.stream().anyMatch(c -> c.socket.getInetAddress().getHostAddress().equals(GW_IP)
                    && workerName.equals(c.servedBy)), "some clients of the cut gateway are served by the cut worker");
            String why = partitionWorkerFromGateway();
            Assumptions.assumeTrue(why == null, () -> "partition case skipped: " + why);
            try {
                for (int round = 0; round < 15; round++) {               // 1.5 s cut off, clients and SDK busy
                    clients.sendAll();
                    push(sdk, 5 + 2 * round, 2);
                    Thread.sleep(100);
                }
            } finally {
                healPartition();
            }
            clients.sendAll();
            assertEquals(0, checkInvariant(clients, 35), "every line echoed and every push arrived, none closed");
        }
    }

    @Test
    @Order(6)
    void delayAndLossOnTheWorkerHostsLinkLoseNothing() throws Exception {
        startSecondPair();
        String impairment = impairWorkerLink();
        Assumptions.assumeTrue(impairment != null, () -> "delay/loss case skipped: " + lastOutput);
        long dropped;
        try (Clients clients = new Clients(4).and(new Clients(4, text2, 11));
             io.gwkit.client.GatewayClient sdk = sdk()) {
            try {
                for (int round = 0; round < 20; round++) {
                    clients.sendAll();
                    push(sdk, round, 1);
                    Thread.sleep(50);
                }
                assertEquals(0, checkInvariant(clients, 20), impairment + ": every line echoed and every push "
                        + "arrived, none closed");
            } finally {
                dropped = droppedOnWorkerLink();
                repairWorkerLink();
            }
        }
        System.out.printf("netns %s: %d packets dropped on the worker host's link%n", impairment, dropped);
        assertTrue(dropped != 0, impairment + ": the link must really have lost packets");
    }

    /**
     * Delay and loss on the worker host's link: {@code tc netem} (delay 40 ms ± 10 ms, loss 5 %) where the kernel
     * has {@code sch_netem}; else, as near as this kernel allows, a slow link (tbf at 256 kbit/s: queueing delay)
     * losing 5 % of its packets each way (nft {@code numgen random}). What was applied, or null (why in
     * {@link #lastOutput}).
     */
    private static String impairWorkerLink() throws InterruptedException {
        if (sh("ip", "netns", "exec", WK, "tc", "qdisc", "add", "dev", "e-wk", "root", "netem", "delay", "40ms",
                "10ms", "loss", "5%") == 0) {
            return "netem delay 40ms 10ms loss 5%";
        }
        String netem = lastOutput;
        if (sh("ip", "netns", "exec", WK, "tc", "qdisc", "add", "dev", "e-wk", "root", "tbf", "rate", "256kbit",
                "burst", "1600", "latency", "400ms") == 0
                && sh("ip", "netns", "exec", WK, "nft", "add", "table", "inet", "gwloss") == 0
                && sh("ip", "netns", "exec", WK, "nft", "add", "chain", "inet", "gwloss", "out",
                        "{ type filter hook output priority 0; }") == 0
                && sh("ip", "netns", "exec", WK, "nft", "add", "chain", "inet", "gwloss", "in",
                        "{ type filter hook input priority 0; }") == 0
                && sh("ip", "netns", "exec", WK, "nft", "add", "rule", "inet", "gwloss", "out", "oifname", "e-wk",
                        "numgen", "random", "mod", "100", "<", "5", "counter", "drop") == 0
                && sh("ip", "netns", "exec", WK, "nft", "add", "rule", "inet", "gwloss", "in", "iifname", "e-wk",
                        "numgen", "random", "mod", "100", "<", "5", "counter", "drop") == 0) {
            return "tbf rate 256kbit + nft 5% random drop (no sch_netem: " + netem + ")";
        }
        String fallback = lastOutput;
        repairWorkerLink();
        lastOutput = "neither tc netem (" + netem + ") nor tbf + nft random drop (" + fallback + ") works here";
        return null;
    }

    /** Packets the impairment dropped: netem's qdisc statistics, or the nft rules' counters. */
    private static long droppedOnWorkerLink() throws InterruptedException {
        long dropped = 0;
        if (sh("ip", "netns", "exec", WK, "nft", "list", "table", "inet", "gwloss") == 0) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("counter packets (\\d+)").matcher(lastOutput);
            while (m.find()) {
                dropped += Long.parseLong(m.group(1));
            }
        }
        if (sh("ip", "netns", "exec", WK, "tc", "-s", "qdisc", "show", "dev", "e-wk") == 0 && lastOutput.contains("netem")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("dropped (\\d+)").matcher(lastOutput);
            while (m.find()) {
                dropped += Long.parseLong(m.group(1));
            }
        }
        return dropped;
    }

    private static void repairWorkerLink() throws InterruptedException {
        sh("ip", "netns", "exec", WK, "tc", "qdisc", "del", "dev", "e-wk", "root");
        sh("ip", "netns", "exec", WK, "nft", "delete", "table", "inet", "gwloss");
    }

    @Test
    @Order(7)
    void aWorkerKilledWithSigkillWhileItsClientsSendLosesNothingSilently() throws Exception {
        startSecondPair();
        worker.close();
        worker = startWorker(3);                    // slow: it has events in flight when it is killed
        try (Clients clients = new Clients(4).and(new Clients(4, text2, 11))) {
            clients.sendAll();
            assertEquals(0, checkInvariant(clients));
            assertTrue(clients.all.stream().anyMatch(c -> workerName.equals(c.servedBy)), "some use the slow worker");
            for (int round = 0; round < 30; round++) {
                if (round == 10) {
                    worker.kill();            // what was in flight to it is gone: its gateways close those clients
                }
                clients.sendAll();
                Thread.sleep(5);
            }
            worker = startWorker();
            clients.sendAll();
            int closed = checkInvariant(clients);  // every line echoed once, in order, or its client closed
            System.out.printf("worker killed while 8 clients send: %d closed%n", closed);
            worker.close();
            worker = startWorker();
        }
    }

    @Test
    @Order(8)
    void theGatewayKilledClosesItsClientsAndLosesNothingItAcknowledged() throws Exception {
        try (Clients clients = new Clients(3)) {
            clients.sendAll();
            assertEquals(0, checkInvariant(clients));
            gateway.kill();
            int closed = checkInvariant(clients);                   // nothing more to echo: each sees EOF
            for (NumberedClient c : clients.all) {
                assertTrue(c.in.readLine() == null, "client " + c.id + " was told: its connection closed");
            }
            assertEquals(0, closed);
            if (gateway2 != null) {                                 // the other gateway's clients are still served
                try (Clients others = new Clients(3, text2, 21)) {
                    others.sendAll();
                    assertEquals(0, checkInvariant(others));
                }
            }
        }
    }
}
