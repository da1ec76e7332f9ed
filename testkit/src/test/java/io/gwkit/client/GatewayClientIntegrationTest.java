package io.gwkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.InvalidClientIdException;
import io.gwkit.testkit.Fault;
import io.gwkit.testkit.MockGateway;
import io.gwkit.testkit.MockRegister;
import io.gwkit.testkit.MockReply;
import io.gwkit.testkit.RecordedFrame;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pooled SDK against the testkit's mock gateways and registers on loopback: routing, pooling, auth, faults. */
@Tag("socket")
class GatewayClientIntegrationTest {

    private final List<AutoCloseable> closeMe = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeMe.size() - 1; i >= 0; i--) {
            closeMe.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T t) {
        closeMe.add(t);
        return t;
    }

    /** Canned state: client 1 online with uid u1 in group g1, session {a:1}; client 2 offline. */
    static MockReply canned(RecordedFrame f) {
        switch (f.command()) {
            case IS_ONLINE:
                return MockReply.serialized(f.connectionId() == 1 ? "i:1;" : "i:0;");
            case GET_SESSION_BY_CLIENT_ID:
                return MockReply.serialized(f.connectionId() == 1 ? "a:1:{s:1:\"a\";i:1;}" : "N;");
            case GET_ALL_CLIENT_SESSIONS:
            case GET_CLIENT_SESSIONS_BY_GROUP:
                return MockReply.serialized("a:1:{i:1;s:18:\"a:1:{s:1:\"a\";i:1;}\";}");
            case GET_CLIENT_COUNT_BY_GROUP:
                return MockReply.serialized("i:1;");
            case BATCH_GET_CLIENT_COUNT_BY_GROUP:
                return MockReply.serialized("a:1:{s:2:\"g1\";i:1;}");
            case GET_CLIENT_ID_BY_UID:
                return MockReply.serialized("a:1:{i:0;i:1;}");
            case BATCH_GET_CLIENT_ID_BY_UID:
                return MockReply.serialized("a:2:{s:2:\"u1\";a:1:{i:0;i:1;}s:2:\"u2\";a:0:{}}");
            case SELECT:
                return MockReply.serialized("a:1:{i:1;a:2:{s:3:\"uid\";s:2:\"u1\";s:6:\"groups\";a:1:{s:2:\"g1\";s:2:\"g1\";}}}");
            case GET_GROUP_ID_LIST:
                return MockReply.serialized("a:1:{i:0;s:2:\"g1\";}");
            default:
                return null; // no answer for this request: the mock closes the connection
        }
    }

    private GatewayClient client(MockRegister register, GatewayClient.Builder extra) {
        return track(extra.registerAddress(register.address()).replyTimeout(Duration.ofSeconds(10)).build());
    }

    private static String clientId(MockGateway g, long connectionId) {
        return g.clientId(connectionId);
    }

    private static MockGateway cannedGateway() throws Exception {
        MockGateway g = new MockGateway();
        g.dispatcher(GatewayClientIntegrationTest::canned);
        return g;
    }

    /** The next {@code n} requests the gateway received; fails if fewer arrive in time. */
    static List<RecordedFrame> take(MockGateway g, int n) throws InterruptedException {
        List<RecordedFrame> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            frames.add(g.takeRequest());
        }
        return frames;
    }

    @Test
    void everyTypedMethodAgainstOneGateway() throws Exception {
        MockGateway g = track(cannedGateway());
        MockRegister r = track(new MockRegister(g));
        // one connection: frames on one connection keep their order, across connections they need not
        GatewayClient gw = client(r, GatewayClient.builder().connectionsPerGateway(1));
        String c1 = clientId(g, 1);
        String c2 = clientId(g, 2);

        assertTrue(gw.isOnline(c1));
        assertFalse(gw.isOnline(c2));
        assertEquals(Map.of("a", 1L), gw.getSession(c1));
        assertNull(gw.getSession(c2));
        assertEquals(Map.of(c1, Map.of("a", 1L)), gw.getAllClientSessions());
        assertEquals(Map.of(c1, Map.of("a", 1L)), gw.getAllClientSessions("g1"));
        assertEquals(Map.of(c1, Map.of("a", 1L)), gw.getClientSessionsByGroup("g1"));
        assertEquals(1L, gw.getAllClientCount());
        assertEquals(1L, gw.getAllClientIdCount());
        assertEquals(1L, gw.getClientCountByGroup("g1"));
        assertEquals(1L, gw.getClientIdCountByGroup("g1"));
        assertEquals(Map.of("g1", 1L), gw.batchGetClientIdCountByGroup(List.of("g1")));
        assertEquals(List.of(c1), gw.getClientIdByUid("u1"));
        assertTrue(gw.isUidOnline("u1"));
        assertEquals(Map.of("u1", true, "u2", false), gw.isUidsOnline(List.of("u1", "u2")));
        assertEquals(Map.of("u1", List.of(c1), "u2", List.of()), gw.batchGetClientIdByUid(List.of("u1", "u2")));
        assertEquals("u1", gw.getUidByClientId(c1));
        assertEquals(Set.of(c1), gw.getAllClientIdList());
        assertEquals(Set.of(c1), gw.getClientIdListByGroup("g1"));
        assertEquals(Set.of("u1"), gw.getUidListByGroup("g1"));
        assertEquals(1L, gw.getUidCountByGroup("g1"));
        assertEquals(Set.of("u1"), gw.getAllUidList());
        assertEquals(1L, gw.getAllUidCount());
        assertEquals(Set.of("g1"), gw.getAllGroupIdList());
        assertEquals(Map.of("g1", Set.of("u1")), gw.getAllGroupUidList());
        assertEquals(Map.of("g1", 1L), gw.getAllGroupUidCount());
        assertEquals(Map.of("g1", Set.of(c1)), gw.getAllGroupClientIdList());
        assertEquals(Map.of("g1", 1L), gw.getAllGroupClientIdCount());

        gw.sendToAll("a");
        gw.sendToAll("b".getBytes(), List.of(c1), null, true);
        gw.sendToClient(c1, "c");
        gw.sendToUid(List.of(42, "42"), "d");
        gw.sendToGroup("g1", "e");
        gw.sendToGroup(List.of("g1"), "f", List.of(c1), false);
        gw.closeClient(c1);
        gw.closeClient(c1, "bye");
        gw.destroyClient(c1);
        gw.bindUid(c1, "u1");
        gw.unbindUid(c1, "u1");
        gw.joinGroup(c1, "g1");
        gw.leaveGroup(c1, "g1");
        gw.ungroup("g1");
        gw.setSession(c1, Map.of("k", "v"));
        gw.updateSession(c1, Map.of("k", 2));
        gw.setSocketSession(c1, "a:0:{}");
        assertThrows(IllegalStateException.class, gw::destroyCurrentClient);
        assertThrows(IllegalArgumentException.class, () -> gw.sendToGroup("", "x"));
        assertThrows(IllegalArgumentException.class, () -> gw.ungroup("0"));

        List<RecordedFrame> frames = take(g, 28 + 17);
        List<String> sends = new ArrayList<>();
        for (RecordedFrame f : frames.subList(28, frames.size())) {
            GatewayFrame frame = f.frame();
            sends.add(frame.command() + " " + new String(frame.extData()) + " " + new String(frame.body())
                    + " " + frame.flag());
        }
        assertEquals(List.of(
                "SEND_TO_ALL  a 1",
                "SEND_TO_ALL {\"connections\":{\"1\":1}} b 3",
                "SEND_TO_ONE  c 1",
                "SEND_TO_UID [42,\"42\"] d 1",
                "SEND_TO_GROUP {\"group\":[\"g1\"],\"exclude\":null} e 1",
                "SEND_TO_GROUP {\"group\":[\"g1\"],\"exclude\":{\"1\":1}} f 1",
                "KICK  N; 0",
                "KICK  bye 1",
                "DESTROY   1",
                "BIND_UID u1  1",
                "UNBIND_UID u1  1",
                "JOIN_GROUP g1  1",
                "LEAVE_GROUP g1  1",
                "UNGROUP g1  1",
                "SET_SESSION a:1:{s:1:\"k\";s:1:\"v\";}  1",
                "UPDATE_SESSION a:1:{s:1:\"k\";i:2;}  1",
                "SET_SESSION a:0:{}  1"), sends);
        assertEquals(0, g.pendingRequestCount(), "nothing else was sent");
        assertEquals(1, g.connectionCount(), "every call used the one pooled connection");
    }

    @Test
    void secretKeyIsSentOncePerPooledConnection() throws Exception {
        MockGateway g = track(cannedGateway());
        MockRegister r = track(new MockRegister(g));
        GatewayClient gw = client(r, GatewayClient.builder().secretKey("s3cr3t/K3y").connectionsPerGateway(1));
        for (int i = 0; i < 3; i++) {
            assertTrue(gw.isOnline(clientId(g, 1)));
        }
        assertEquals(1L, gw.getAllClientCount());
        List<RecordedFrame> frames = take(g, 5);
        assertEquals(1, g.connectionCount());
        assertEquals(Command.GATEWAY_CLIENT_CONNECT, frames.get(0).command());
        assertEquals("{\"secret_key\":\"s3cr3t\\/K3y\"}", new String(frames.get(0).frame().body()));
        for (RecordedFrame f : frames.subList(1, 4)) {
            assertEquals(Command.IS_ONLINE, f.command());
        }
        assertEquals("{\"event\":\"worker_connect\",\"secret_key\":\"s3cr3t/K3y\"}", r.takeLine());
        assertEquals(0, r.pendingLineCount());
        assertEquals(0, g.pendingRequestCount());
    }

    @Test
    void nioTransportSendsTheSameFramesAndGetsTheSameAnswers() throws Exception {
        MockGateway g = track(cannedGateway());
        MockRegister r = track(new MockRegister(g));
        GatewayClient gw = client(r, GatewayClient.builder().nativeTransport(false).secretKey("k")
                .connectionsPerGateway(1));
        assertTrue(gw.isOnline(clientId(g, 1)));
        assertFalse(gw.isOnline(clientId(g, 2)));
        assertEquals(Map.of("a", 1L), gw.getSession(clientId(g, 1)));
        List<RecordedFrame> frames = take(g, 4);
        assertEquals(1, g.connectionCount());
        assertEquals(List.of(Command.GATEWAY_CLIENT_CONNECT, Command.IS_ONLINE, Command.IS_ONLINE,
                Command.GET_SESSION_BY_CLIENT_ID), frames.stream().map(RecordedFrame::command).toList());
    }

    @Test
    void noSecretNoAuthFrame() throws Exception {
        MockGateway g = track(cannedGateway());
        MockRegister r = track(new MockRegister(g));
        GatewayClient gw = client(r, GatewayClient.builder());
        gw.sendToClient(clientId(g, 1), "x");
        assertEquals(Command.SEND_TO_ONE, g.takeRequest().command());
        // PHP's GatewayClient dials a client_id's address without asking; the SDK first checks that the register
        // lists it (one lookup, then at most one a second)
        assertEquals("{\"event\":\"worker_connect\",\"secret_key\":\"\"}", r.takeLine());
        assertEquals(0, r.pendingLineCount());
        assertEquals(0, g.pendingRequestCount());
    }

    @Test
    void registersAreTriedInOrder() throws Exception {
        MockGateway g = track(cannedGateway());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        MockRegister silent = track(new MockRegister(g));
        silent.fault(Fault.NO_RESPONSE);
        MockRegister garbage = track(new MockRegister(g));
        garbage.fault(Fault.GARBAGE_REPLY);
        MockRegister good = track(new MockRegister(g));
        GatewayClient gw = track(GatewayClient.builder()
                .registerAddress("127.0.0.1:" + closedPort)
                .registerAddress(silent.address())
                .registerAddress(garbage.address())
                .registerAddress(good.address())
                .replyTimeout(Duration.ofMillis(1500)) // how long the silent register gets; the others are quick
                .build());
        assertEquals(1L, gw.getAllClientCount());
        assertEquals(1, silent.pendingLineCount());
        assertEquals(1, garbage.pendingLineCount());
        assertEquals(1, good.pendingLineCount());
    }

    @Test
    void noRegisterAnswersIsATypedErrorNamingThem() throws Exception {
        MockRegister silent = track(new MockRegister());
        silent.fault(Fault.NO_RESPONSE);
        GatewayClient gw = track(GatewayClient.builder().registerAddress(silent.address())
                .replyTimeout(Duration.ofMillis(200)).build());
        RegisterUnavailableException e = assertThrows(RegisterUnavailableException.class, () -> gw.sendToUid("u", "m"));
        assertTrue(e.getMessage().startsWith("sendToUid: "), e.getMessage());
        assertTrue(e.getMessage().contains(silent.address()), e.getMessage());
        assertEquals("sendToUid", e.operation());
    }

    @Test
    void replyTimeoutNamesGatewayAndOperationThenTheConnectionRecovers() throws Exception {
        MockGateway g = track(cannedGateway());
        g.fault(Fault.NO_RESPONSE); // the first request goes unanswered
        MockRegister r = track(new MockRegister(g));
        GatewayClient gw = track(GatewayClient.builder().registerAddress(r.address())
                .replyTimeout(Duration.ofMillis(300)).build());
        GatewayTimeoutException e = assertThrows(GatewayTimeoutException.class, () -> gw.isOnline(clientId(g, 1)));
        assertTrue(e.getMessage().startsWith("isOnline: "), e.getMessage());
        assertTrue(e.getMessage().contains(g.address()), e.getMessage());
        assertEquals(g.address(), e.address());
        assertEquals(Command.IS_ONLINE, g.takeRequest().command());
        g.fault(Fault.NONE);
        try (GatewayClient patient = gw.newBuilder().replyTimeout(Duration.ofSeconds(20)).build()) {
            assertTrue(patient.isOnline(clientId(g, 1)), "a fresh connection answers");
        }
    }

    @Test
    void malformedReplyIsAProtocolError() throws Exception {
        MockGateway g = track(new MockGateway());
        g.dispatcher(f -> MockReply.serialized("i:1"));
        MockRegister r = track(new MockRegister(g));
        GatewayClient gw = client(r, GatewayClient.builder());
        GatewayProtocolException e = assertThrows(GatewayProtocolException.class, () -> gw.isOnline(clientId(g, 1)));
        assertTrue(e.getMessage().contains(g.address()), e.getMessage());
        assertTrue(e.getMessage().startsWith("isOnline: "), e.getMessage());
    }

    @Test
    void oversizedReplyIsAProtocolErrorAndClosesTheConnection() throws Exception {
        MockGateway g = track(new MockGateway());
        g.dispatcher(f -> MockReply.wire(new byte[] {0x7f, 0, 0, 0, 'x'})); // announces 2 GB
        MockRegister r = track(new MockRegister(g));
        GatewayClient gw = client(r, GatewayClient.builder().maxReplyLength(1024));
        assertThrows(GatewayProtocolException.class, () -> gw.getSession(clientId(g, 1)));
    }

    @Test
    void gatewayKilledMidRequestFailsOverToAFreshConnectionOnce() throws Exception {
        MockGateway g = track(cannedGateway());
        g.enqueue(MockReply.disconnect()); // dies holding the first request
        MockRegister r = track(new MockRegister(g));
        GatewayClient gw = client(r, GatewayClient.builder().connectionsPerGateway(1));
        assertTrue(gw.isOnline(clientId(g, 1)));
        assertEquals(2, g.connectionCount());
    }

    @Test
    void gatewayThatKeepsDyingIsUnavailableAfterOneRetry() throws Exception {
        MockGateway g = track(new MockGateway());
        g.fault(Fault.DISCONNECT_AFTER_REQUEST);
        MockRegister r = track(new MockRegister(g));
        GatewayClient gw = client(r, GatewayClient.builder());
        GatewayUnavailableException e = assertThrows(GatewayUnavailableException.class,
                () -> gw.getSession(clientId(g, 1)));
        assertTrue(e.getMessage().contains(g.address()), e.getMessage());
        assertEquals(2, g.connectionCount());
    }

    @Test
    void deadGatewayIsUnavailableUnlessBestEffort() throws Exception {
        MockGateway alive = track(cannedGateway());
        String dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = "127.0.0.1:" + s.getLocalPort();
        }
        MockRegister r = track(new MockRegister());
        r.gatewayAddresses(dead, alive.address());
        GatewayClient strict = client(r, GatewayClient.builder());
        GatewayUnavailableException e = assertThrows(GatewayUnavailableException.class, strict::getAllClientIdList);
        assertTrue(e.getMessage().contains(dead), e.getMessage());
        assertTrue(e.getMessage().startsWith("getAllClientIdList: "), e.getMessage());

        try (GatewayClient lenient = strict.newBuilder().bestEffortFanOut(true).build()) {
            assertEquals(Set.of(clientId(alive, 1)), lenient.getAllClientIdList());
        }
    }

    @Test
    void invalidAndOfflineClientIds() throws Exception {
        MockGateway g = track(cannedGateway());
        MockRegister r = track(new MockRegister(g));
        GatewayClient gw = client(r, GatewayClient.builder());
        assertThrows(InvalidClientIdException.class, () -> gw.isOnline("nope"));
        assertThrows(InvalidClientIdException.class, () -> gw.sendToClient("7f0000010b54zz000001", "x"));
        assertFalse(gw.isOnline(clientId(g, 99)));
    }

    @Test
    void pipelinedRepliesMatchTheirRequestsUnderConcurrency() throws Exception {
        MockGateway g = track(new MockGateway());
        g.dispatcher(f -> MockReply.serialized(f.connectionId() % 2 == 1 ? "i:1;" : "i:0;"));
        MockRegister r = track(new MockRegister(g));
        GatewayClient gw = client(r, GatewayClient.builder().connectionsPerGateway(2));
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (int i = 1; i <= 2000; i++) {
            answers.add(gw.async().isOnline(clientId(g, i)));
        }
        for (int i = 1; i <= 2000; i++) {
            assertEquals(i % 2 == 1, answers.get(i - 1).get(30, TimeUnit.SECONDS), "answer " + i);
        }
        assertEquals(2, g.connectionCount());
    }

    @Test
    void pushModeFollowsBroadcasts() throws Exception {
        MockGateway g1 = track(cannedGateway());
        MockGateway g2 = track(cannedGateway());
        MockRegister r = track(new MockRegister(g1));
        GatewayClient gw = client(r, GatewayClient.builder().registerPush(true)
                .registerCacheTtl(Duration.ofDays(1)));
        assertEquals(1L, gw.getAllClientCount());
        CountDownLatch pushed = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        r.gateways(g1, g2); // also what a subscription opened from now on is answered with
        r.broadcast();
        while (System.nanoTime() < deadline && gw.getAllClientCount() != 2L) {
            pushed.await(10, TimeUnit.MILLISECONDS);
        }
        assertEquals(2L, gw.getAllClientCount(), "the pushed list is used despite a day-long cache TTL");
    }

    @Test
    void derivedClientsShareThePoolAndTheLastCloseStopsIt() throws Exception {
        MockGateway g = track(cannedGateway());
        MockRegister r = track(new MockRegister(g));
        GatewayClient base = GatewayClient.builder().registerAddress(r.address()).connectionsPerGateway(1).build();
        GatewayClient derived = base.newBuilder().replyTimeout(Duration.ofSeconds(9)).build();
        assertTrue(base.isOnline(clientId(g, 1)));
        assertTrue(derived.isOnline(clientId(g, 1)));
        assertEquals(1, g.connectionCount(), "one pooled connection serves both clients");
        base.close();
        assertTrue(derived.isOnline(clientId(g, 1)), "the pool lives while a client uses it");
        derived.close();
        assertThrows(IllegalStateException.class, () -> derived.isOnline(clientId(g, 1)));
    }

    @Test
    void theGatewayListIsCachedForTheTtl() throws Exception {
        MockGateway g = track(cannedGateway());
        MockRegister r = track(new MockRegister(g));
        GatewayClient cached = client(r, GatewayClient.builder().registerCacheTtl(Duration.ofDays(1)));
        cached.getAllClientCount();
        cached.sendToAll("x");
        assertEquals(1, r.pendingLineCount(), "one lookup within the TTL");
        try (GatewayClient uncached = cached.newBuilder().registerCacheTtl(Duration.ZERO).build()) {
            uncached.getAllClientCount();
            uncached.sendToAll("x");
        }
        assertEquals(3, r.pendingLineCount(), "a lookup per fan-out call without cache");
    }

    // Dial targets (issue 16): only gateways the register lists are dialed, and sent the secret.

    @Test
    void aClientIdNamingAnUnlistedAddressFailsWithoutDialingIt() throws Exception {
        MockGateway listed = track(cannedGateway());
        MockGateway stranger = track(cannedGateway());
        MockRegister r = track(new MockRegister(listed));
        GatewayClient gw = track(GatewayClient.builder().registerAddress(r.address()).secretKey("s3cr3t")
                .replyTimeout(Duration.ofSeconds(10)).build());
        assertTrue(gw.isOnline(clientId(listed, 1)));
        GatewayUnavailableException e = assertThrows(GatewayUnavailableException.class,
                () -> gw.isOnline(clientId(stranger, 1)));
        assertTrue(e.getMessage().contains("127.0.0.1:" + stranger.port() + " is not one the register lists now"),
                e.getMessage());
        assertThrows(GatewayUnavailableException.class, () -> gw.sendToClient(clientId(stranger, 1), "x"));
        assertEquals(0, stranger.connectionCount(), "never dialed, so never sent the secret");
    }

    @Test
    void aGatewayThatJoinedAfterTheCachedLookupIsFound() throws Exception {
        MockGateway first = track(cannedGateway());
        MockGateway joined = track(cannedGateway());
        MockRegister r = track(new MockRegister(first));
        GatewayClient gw = track(GatewayClient.builder().registerAddress(r.address())
                .registerCacheTtl(Duration.ofHours(1)).replyTimeout(Duration.ofSeconds(10)).build());
        assertTrue(gw.isOnline(clientId(first, 1)));
        r.gateways(first, joined);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) { // the list is looked up again at most once a second
            try {
                assertTrue(gw.isOnline(clientId(joined, 1)));
                break;
            } catch (GatewayUnavailableException notYet) {
                assertTrue(System.nanoTime() < deadline, notYet.getMessage());
                Thread.sleep(100);
            }
        }
        assertEquals(1, joined.connectionCount());
    }

    @Test
    void whileNoRegisterAnswersTheLastListStillGatesDials() throws Exception {
        MockGateway listed = track(cannedGateway());
        MockGateway stranger = track(cannedGateway());
        MockRegister r = new MockRegister(listed);
        GatewayClient gw = track(GatewayClient.builder().registerAddress(r.address()).registerCacheTtl(Duration.ZERO)
                .connectTimeout(Duration.ofSeconds(2)).replyTimeout(Duration.ofSeconds(10)).build());
        assertTrue(gw.isOnline(clientId(listed, 1)));
        r.close();
        Thread.sleep(1100); // past the second within which a list counts as current
        assertTrue(gw.isOnline(clientId(listed, 1)));
        assertThrows(RegisterUnavailableException.class, () -> gw.isOnline(clientId(stranger, 1)));
        assertEquals(0, stranger.connectionCount());
    }
}
