package io.gwkit.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The case framework without a cluster: classification, selection, report lines, close detection. */
@Tag("socket")
class TortureFrameworkTest {

    private static final Duration SLOW = Duration.ofSeconds(5);
    private static final Health HEALTHY = new Health(true, true, 10, "ok");

    @Test
    void availabilityDecidesDownBeforeAnythingElse() {
        Observation fine = Observation.handled("closed");
        assertEquals(Outcome.DOWN, Outcome.classify(fine, new Health(false, true, 0, "bystander lost"), SLOW));
        assertEquals(Outcome.DOWN, Outcome.classify(fine, new Health(true, false, 0, "no welcome"), SLOW));
        assertEquals(Outcome.DOWN, Outcome.classify(null, Health.unreachable("refused"), SLOW));
    }

    @Test
    void aServingClusterIsDegradedByAMishandledOffenderOrASlowBystander() {
        assertEquals(Outcome.DEGRADED, Outcome.classify(Observation.mishandled("NOT closed"), HEALTHY, SLOW));
        assertEquals(Outcome.DEGRADED, Outcome.classify(null, HEALTHY, SLOW));
        assertEquals(Outcome.DEGRADED, Outcome.classify(Observation.handled("closed"),
                new Health(true, true, SLOW.toMillis() + 1, "slow"), SLOW));
        assertEquals(Outcome.SURVIVED, Outcome.classify(Observation.handled("closed"),
                new Health(true, true, SLOW.toMillis(), "just in time"), SLOW));
    }

    @Test
    void theCheckAfterClosingCanOnlyMakeThingsWorse() {
        Health after = new Health(false, true, 3, "bystander lost");
        Health both = Health.worse(HEALTHY, after);
        assertFalse(both.bystanderServed());
        assertTrue(both.freshClientsConnect());
        assertEquals("ok; after closing the case's connections: bystander lost", both.detail());
        assertEquals(HEALTHY.detail(), Health.worse(HEALTHY, new Health(true, true, 99, "fine")).detail());
        assertEquals(99, Health.worse(HEALTHY, new Health(true, true, 99, "fine")).bystanderMillis());
    }

    @Test
    void caseIdsAreUniqueAndGrouped() {
        Set<String> ids = new HashSet<>();
        for (TortureCase c : Catalog.all()) {
            assertTrue(ids.add(c.id()), "duplicate id " + c.id());
            assertTrue(Catalog.GROUPS.containsKey(c.id().substring(0, c.id().indexOf('.'))), c.id());
            assertTrue(c.name().matches("[a-z0-9]+\\.[a-z0-9^.-]+"), c.name());
        }
        assertTrue(ids.size() >= 50, "cases: " + ids.size());
    }

    @Test
    void selectionByIdGlobsNamesAndExclusions() {
        List<TortureCase> all = Catalog.all();
        assertEquals(all.size(), Catalog.select(all, null).size());
        assertEquals(all.size(), Catalog.select(all, "*").size());
        assertEquals(List.of("2.1"), ids(Catalog.select(all, "2.1")));
        assertTrue(ids(Catalog.select(all, "1.*")).stream().allMatch(id -> id.startsWith("1.")));
        assertEquals(ids(Catalog.select(all, "3.*")), ids(Catalog.select(all, "register.*")));
        List<String> noSilent = ids(Catalog.select(all, "*,-3.8,-ws.*"));
        assertFalse(noSilent.contains("3.8"));
        assertTrue(noSilent.stream().noneMatch(id -> id.startsWith("5.")));
        assertEquals(all.size() - 1, Catalog.select(all, "-register.silent").size());
        assertEquals(List.of("1.2", "4.3"), ids(Catalog.select(all, "4.3, inner.pack-len-zero")));
    }

    @Test
    void secretAndWebsocketCasesOnlyApplyWhenTheTargetHasThem() {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1);
        TortureTarget plain = new TortureTarget(a, a, null, a, null);
        TortureTarget full = new TortureTarget(a, a, a, a, "k");
        List<TortureCase> all = Catalog.all();
        assertTrue(all.stream().allMatch(c -> c.appliesTo(full)));
        List<String> plainIds = ids(all.stream().filter(c -> c.appliesTo(plain)).toList());
        assertFalse(plainIds.contains("1.12"));
        assertTrue(plainIds.contains("1.1"));
        assertTrue(plainIds.stream().noneMatch(id -> id.startsWith("5.")));
    }

    @Test
    void reportLinesAndSummary() {
        List<CaseResult> results = List.of(
                new CaseResult("1.1", "inner.x", Outcome.SURVIVED, "sent → closed", "healthy", 1),
                new CaseResult("1.2", "inner.y", Outcome.DEGRADED, "sent → NOT closed", "healthy", 1),
                new CaseResult("1.3", "inner.z", Outcome.SURVIVED, "sent → closed", "healthy", 1));
        assertEquals("2 survived, 1 degraded, 0 down", TortureReport.summary(results));
        assertEquals("1.2   inner.y                        degraded sent → NOT closed | healthy",
                TortureReport.line(results.get(1)));
    }

    @Test
    void closeDetectionOnRealSockets() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.getLocalPort());
            try (RawConnection closing = RawConnection.open(address, Duration.ofSeconds(10), timers)) {
                server.accept().close();
                assertTrue(Expect.closed(closing, Duration.ofSeconds(30), "x").handled());
            }
            try (RawConnection keeping = RawConnection.open(address, Duration.ofSeconds(10), timers);
                 Socket held = server.accept()) {
                Observation o = Expect.closed(keeping, Duration.ofMillis(300), "x");
                assertFalse(o.handled());
                assertTrue(o.detail().startsWith("x → NOT closed"), o.detail());
                assertTrue(Expect.either(keeping, Duration.ofMillis(1), "x").handled());
                assertFalse(held.isClosed());
            }
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void lyingHeadersSayWhatTheCaseWants() {
        byte[] h = InnerFrames.header(0xFFFF_FFFFL, 5, 7, 1, 1000);
        assertEquals(28, h.length);
        assertEquals("ffffffff05", java.util.HexFormat.of().formatHex(h, 0, 5));
        assertEquals("000003e8", java.util.HexFormat.of().formatHex(h, 24, 28));
        assertEquals("a:1:{i:0;a:1:{i:0;N;}}", PoisonedValueCases.nested(2));
    }

    private static List<String> ids(List<TortureCase> cases) {
        return cases.stream().map(TortureCase::id).toList();
    }
}
