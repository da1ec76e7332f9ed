package io.gwkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.InvalidClientIdException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pooled SDK against fake gateways and registers on loopback: routing, pooling, auth, faults. */
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
    static FakeGateway.Action canned(GatewayFrame f) {
        switch (f.command()) {
            case IS_ONLINE:
                return FakeGateway.reply(f.connectionId() == 1 ? "i:1;" : "i:0;");
            case GET_SESSION_BY_CLIENT_ID:
                return FakeGateway.reply(f.connectionId() == 1 ? "a:1:{s:1:\"a\";i:1;}" : "N;");
            case GET_ALL_CLIENT_SESSIONS:
            case GET_CLIENT_SESSIONS_BY_GROUP:
                return FakeGateway.reply("a:1:{i:1;s:18:\"a:1:{s:1:\"a\";i:1;}\";}");
            case GET_CLIENT_COUNT_BY_GROUP:
                return FakeGateway.reply("i:1;");
            case BATCH_GET_CLIENT_COUNT_BY_GROUP:
                return FakeGateway.reply("a:1:{s:2:\"g1\";i:1;}");
            case GET_CLIENT_ID_BY_UID:
                return FakeGateway.reply("a:1:{i:0;i:1;}");
            case BATCH_GET_CLIENT_ID_BY_UID:
                return FakeGateway.reply("a:2:{s:2:\"u1\";a:1:{i:0;i:1;}s:2:\"u2\";a:0:{}}");
            case SELECT:
                return FakeGateway.reply("a:1:{i:1;a:2:{s:3:\"uid\";s:2:\"u1\";s:6:\"groups\";a:1:{s:2:\"g1\";s:2:\"g1\";}}}");
            case GET_GROUP_ID_LIST:
                return FakeGateway.reply("a:1:{i:0;s:2:\"g1\";}");
            default:
                return FakeGateway.NOTHING;
        }
    }

    private GatewayClient client(FakeRegister register, GatewayClient.Builder extra) {
        return track(extra.registerAddress(register.address()).replyTimeout(Duration.ofSeconds(10)).build());
    }

    private static String clientId(FakeGateway g, long connectionId) {
        return String.format("7f000001%04x%08x", g.port(), connectionId);
    }

    @Test
    void everyTypedMethodAgainstOneGateway() throws Exception {
        FakeGateway g = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
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

        List<FakeGateway.Received> frames = g.awaitFrames(28 + 17);
        List<String> sends = new ArrayList<>();
        for (FakeGateway.Received f : frames.subList(28, frames.size())) {
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
        assertEquals(1, g.connections(), "every call used the one pooled connection");
    }

    @Test
    void secretKeyIsSentOncePerPooledConnection() throws Exception {
        FakeGateway g = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient gw = client(r, GatewayClient.builder().secretKey("s3cr3t/K3y").connectionsPerGateway(1));
        for (int i = 0; i < 3; i++) {
            assertTrue(gw.isOnline(clientId(g, 1)));
        }
        assertEquals(1L, gw.getAllClientCount());
        List<FakeGateway.Received> frames = g.awaitFrames(5);
        assertEquals(1, g.connections());
        assertEquals(Command.GATEWAY_CLIENT_CONNECT, frames.get(0).frame().command());
        assertEquals("{\"secret_key\":\"s3cr3t\\/K3y\"}", new String(frames.get(0).frame().body()));
        for (FakeGateway.Received f : frames.subList(1, 4)) {
            assertEquals(Command.IS_ONLINE, f.frame().command());
        }
        assertEquals(List.of("{\"event\":\"worker_connect\",\"secret_key\":\"s3cr3t/K3y\"}\n"),
                r.awaitLines(1));
    }

    @Test
    void nioTransportSendsTheSameFramesAndGetsTheSameAnswers() throws Exception {
        FakeGateway g = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient gw = client(r, GatewayClient.builder().nativeTransport(false).secretKey("k")
                .connectionsPerGateway(1));
        assertTrue(gw.isOnline(clientId(g, 1)));
        assertFalse(gw.isOnline(clientId(g, 2)));
        assertEquals(Map.of("a", 1L), gw.getSession(clientId(g, 1)));
        List<FakeGateway.Received> frames = g.awaitFrames(4);
        assertEquals(1, g.connections());
        assertEquals(List.of(Command.GATEWAY_CLIENT_CONNECT, Command.IS_ONLINE, Command.IS_ONLINE,
                Command.GET_SESSION_BY_CLIENT_ID), frames.stream().map(f -> f.frame().command()).toList());
    }

    @Test
    void noSecretNoAuthFrame() throws Exception {
        FakeGateway g = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient gw = client(r, GatewayClient.builder());
        gw.sendToClient(clientId(g, 1), "x");
        assertEquals(Command.SEND_TO_ONE, g.awaitFrames(1).get(0).frame().command());
        // PHP's GatewayClient dials a client_id's address without asking; the SDK first checks that the register
        // lists it (one lookup, then at most one a second)
        assertEquals(List.of("{\"event\":\"worker_connect\",\"secret_key\":\"\"}\n"), r.lines());
    }

    @Test
    void registersAreTriedInOrder() throws Exception {
        FakeGateway g = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        FakeRegister silent = track(new FakeRegister(null));
        FakeRegister garbage = track(new FakeRegister("not json\n"));
        FakeRegister good = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient gw = track(GatewayClient.builder()
                .registerAddress("127.0.0.1:" + closedPort)
                .registerAddress(silent.address())
                .registerAddress(garbage.address())
                .registerAddress(good.address())
                .replyTimeout(Duration.ofMillis(1500)) // how long the silent register gets; the others are quick
                .build());
        assertEquals(1L, gw.getAllClientCount());
        assertEquals(1, silent.lines().size());
        assertEquals(1, garbage.lines().size());
        assertEquals(1, good.lines().size());
    }

    @Test
    void noRegisterAnswersIsATypedErrorNamingThem() throws Exception {
        FakeRegister silent = track(new FakeRegister(null));
        GatewayClient gw = track(GatewayClient.builder().registerAddress(silent.address())
                .replyTimeout(Duration.ofMillis(200)).build());
        RegisterUnavailableException e = assertThrows(RegisterUnavailableException.class, () -> gw.sendToUid("u", "m"));
        assertTrue(e.getMessage().startsWith("sendToUid: "), e.getMessage());
        assertTrue(e.getMessage().contains(silent.address()), e.getMessage());
        assertEquals("sendToUid", e.operation());
    }

    @Test
    void replyTimeoutNamesGatewayAndOperationThenTheConnectionRecovers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeGateway g = track(new FakeGateway(f -> calls.incrementAndGet() == 1 ? FakeGateway.NOTHING : canned(f)));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient gw = track(GatewayClient.builder().registerAddress(r.address())
                .replyTimeout(Duration.ofMillis(300)).build());
        GatewayTimeoutException e = assertThrows(GatewayTimeoutException.class, () -> gw.isOnline(clientId(g, 1)));
        assertTrue(e.getMessage().startsWith("isOnline: "), e.getMessage());
        assertTrue(e.getMessage().contains(g.address()), e.getMessage());
        assertEquals(g.address(), e.address());
        try (GatewayClient patient = gw.newBuilder().replyTimeout(Duration.ofSeconds(20)).build()) {
            assertTrue(patient.isOnline(clientId(g, 1)), "a fresh connection answers");
        }
    }

    @Test
    void malformedReplyIsAProtocolError() throws Exception {
        FakeGateway g = track(new FakeGateway(f -> FakeGateway.reply("i:1")));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient gw = client(r, GatewayClient.builder());
        GatewayProtocolException e = assertThrows(GatewayProtocolException.class, () -> gw.isOnline(clientId(g, 1)));
        assertTrue(e.getMessage().contains(g.address()), e.getMessage());
        assertTrue(e.getMessage().startsWith("isOnline: "), e.getMessage());
    }

    @Test
    void oversizedReplyIsAProtocolErrorAndClosesTheConnection() throws Exception {
        FakeGateway g = track(new FakeGateway(f -> new FakeGateway.Action.Reply(new byte[] {0x7f, 0, 0, 0, 'x'})));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient gw = client(r, GatewayClient.builder().maxReplyLength(1024));
        assertThrows(GatewayProtocolException.class, () -> gw.getSession(clientId(g, 1)));
    }

    @Test
    void gatewayKilledMidRequestFailsOverToAFreshConnectionOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeGateway[] holder = new FakeGateway[1];
        FakeGateway g = track(new FakeGateway(f -> {
            if (calls.incrementAndGet() == 1) {
                return FakeGateway.CLOSE; // dies holding the request
            }
            return canned(f);
        }));
        holder[0] = g;
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient gw = client(r, GatewayClient.builder().connectionsPerGateway(1));
        assertTrue(gw.isOnline(clientId(g, 1)));
        assertEquals(2, g.connections());
    }

    @Test
    void gatewayThatKeepsDyingIsUnavailableAfterOneRetry() throws Exception {
        FakeGateway g = track(new FakeGateway(f -> FakeGateway.CLOSE));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient gw = client(r, GatewayClient.builder());
        GatewayUnavailableException e = assertThrows(GatewayUnavailableException.class,
                () -> gw.getSession(clientId(g, 1)));
        assertTrue(e.getMessage().contains(g.address()), e.getMessage());
        assertEquals(2, g.connections());
    }

    @Test
    void deadGatewayIsUnavailableUnlessBestEffort() throws Exception {
        FakeGateway alive = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        String dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = "127.0.0.1:" + s.getLocalPort();
        }
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(dead, alive.address())));
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
        FakeGateway g = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient gw = client(r, GatewayClient.builder());
        assertThrows(InvalidClientIdException.class, () -> gw.isOnline("nope"));
        assertThrows(InvalidClientIdException.class, () -> gw.sendToClient("7f0000010b54zz000001", "x"));
        assertFalse(gw.isOnline(clientId(g, 99)));
    }

    @Test
    void pipelinedRepliesMatchTheirRequestsUnderConcurrency() throws Exception {
        FakeGateway g = track(new FakeGateway(f -> FakeGateway.reply(f.connectionId() % 2 == 1 ? "i:1;" : "i:0;")));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient gw = client(r, GatewayClient.builder().connectionsPerGateway(2));
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (int i = 1; i <= 2000; i++) {
            answers.add(gw.async().isOnline(clientId(g, i)));
        }
        for (int i = 1; i <= 2000; i++) {
            assertEquals(i % 2 == 1, answers.get(i - 1).get(30, TimeUnit.SECONDS), "answer " + i);
        }
        assertEquals(2, g.connections());
    }

    @Test
    void pushModeFollowsBroadcasts() throws Exception {
        FakeGateway g1 = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeGateway g2 = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g1.address())));
        GatewayClient gw = client(r, GatewayClient.builder().registerPush(true)
                .registerCacheTtl(Duration.ofDays(1)));
        assertEquals(1L, gw.getAllClientCount());
        CountDownLatch pushed = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (r.subscribers() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        r.push(FakeRegister.broadcast(g1.address(), g2.address()));
        while (System.nanoTime() < deadline && gw.getAllClientCount() != 2L) {
            pushed.await(10, TimeUnit.MILLISECONDS);
        }
        assertEquals(2L, gw.getAllClientCount(), "the pushed list is used despite a day-long cache TTL");
    }

    @Test
    void derivedClientsShareThePoolAndTheLastCloseStopsIt() throws Exception {
        FakeGateway g = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient base = GatewayClient.builder().registerAddress(r.address()).connectionsPerGateway(1).build();
        GatewayClient derived = base.newBuilder().replyTimeout(Duration.ofSeconds(9)).build();
        assertTrue(base.isOnline(clientId(g, 1)));
        assertTrue(derived.isOnline(clientId(g, 1)));
        assertEquals(1, g.connections(), "one pooled connection serves both clients");
        base.close();
        assertTrue(derived.isOnline(clientId(g, 1)), "the pool lives while a client uses it");
        derived.close();
        assertThrows(IllegalStateException.class, () -> derived.isOnline(clientId(g, 1)));
    }

    @Test
    void theGatewayListIsCachedForTheTtl() throws Exception {
        FakeGateway g = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(g.address())));
        GatewayClient cached = client(r, GatewayClient.builder().registerCacheTtl(Duration.ofDays(1)));
        cached.getAllClientCount();
        cached.sendToAll("x");
        assertEquals(1, r.lines().size(), "one lookup within the TTL");
        try (GatewayClient uncached = cached.newBuilder().registerCacheTtl(Duration.ZERO).build()) {
            uncached.getAllClientCount();
            uncached.sendToAll("x");
        }
        assertEquals(3, r.lines().size(), "a lookup per fan-out call without cache");
    }

    // Dial targets (issue 16): only gateways the register lists are dialed, and sent the secret.

    @Test
    void aClientIdNamingAnUnlistedAddressFailsWithoutDialingIt() throws Exception {
        FakeGateway listed = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeGateway stranger = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(listed.address())));
        GatewayClient gw = track(GatewayClient.builder().registerAddress(r.address()).secretKey("s3cr3t")
                .replyTimeout(Duration.ofSeconds(10)).build());
        assertTrue(gw.isOnline(clientId(listed, 1)));
        GatewayUnavailableException e = assertThrows(GatewayUnavailableException.class,
                () -> gw.isOnline(clientId(stranger, 1)));
        assertTrue(e.getMessage().contains("127.0.0.1:" + stranger.port() + " is not one the register lists now"),
                e.getMessage());
        assertThrows(GatewayUnavailableException.class, () -> gw.sendToClient(clientId(stranger, 1), "x"));
        assertEquals(0, stranger.connections(), "never dialed, so never sent the secret");
    }

    @Test
    void aGatewayThatJoinedAfterTheCachedLookupIsFound() throws Exception {
        FakeGateway first = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeGateway joined = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeRegister r = track(new FakeRegister(FakeRegister.broadcast(first.address())));
        GatewayClient gw = track(GatewayClient.builder().registerAddress(r.address())
                .registerCacheTtl(Duration.ofHours(1)).replyTimeout(Duration.ofSeconds(10)).build());
        assertTrue(gw.isOnline(clientId(first, 1)));
        r.answer(FakeRegister.broadcast(first.address(), joined.address()));
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
        assertEquals(1, joined.connections());
    }

    @Test
    void whileNoRegisterAnswersTheLastListStillGatesDials() throws Exception {
        FakeGateway listed = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeGateway stranger = track(new FakeGateway(GatewayClientIntegrationTest::canned));
        FakeRegister r = new FakeRegister(FakeRegister.broadcast(listed.address()));
        GatewayClient gw = track(GatewayClient.builder().registerAddress(r.address()).registerCacheTtl(Duration.ZERO)
                .connectTimeout(Duration.ofSeconds(2)).replyTimeout(Duration.ofSeconds(10)).build());
        assertTrue(gw.isOnline(clientId(listed, 1)));
        r.close();
        Thread.sleep(1100); // past the second within which a list counts as current
        assertTrue(gw.isOnline(clientId(listed, 1)));
        assertThrows(RegisterUnavailableException.class, () -> gw.isOnline(clientId(stranger, 1)));
        assertEquals(0, stranger.connections());
    }
}
