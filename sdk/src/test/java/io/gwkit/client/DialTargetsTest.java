package io.gwkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK dials only gateways the register lists (issue 16, item 3): a client_id naming another address fails
 * with a clear error, and nothing (least of all the secret) is sent there.
 */
class DialTargetsTest {

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

    private static String clientId(FakeGateway g, long connectionId) {
        return String.format("7f000001%04x%08x", g.port(), connectionId);
    }

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
}
