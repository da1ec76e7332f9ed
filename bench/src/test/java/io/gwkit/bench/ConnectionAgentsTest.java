package io.gwkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** How agents share the clients and the source addresses. */
@Tag("socket")
class ConnectionAgentsTest {

    @Test
    void eachAgentGetsItsOwnSourceAddressUnlessGiven() {
        List<String> first = ConnectionAgents.sourceIpsOf(0, 3, List.of());
        assertEquals(ConnectionAgents.DEFAULT_SOURCE_IPS, first.size());
        assertEquals("127.0.1.2", first.get(0));
        assertEquals("127.0.1.17", first.get(first.size() - 1));
        assertEquals("127.0.3.2", ConnectionAgents.sourceIpsOf(2, 3, List.of()).get(0));
        assertEquals(List.of("127.0.0.8"), ConnectionAgents.sourceIpsOf(2, 3, List.of("127.0.0.8", "127.0.0.9")));
        assertEquals(List.of("127.0.0.11", "127.0.0.13"),
                ConnectionAgents.sourceIpsOf(1, 2, List.of("127.0.0.10", "127.0.0.11", "127.0.0.12", "127.0.0.13")));
    }

    @Test
    void agentsNeededStayBelowTheDescriptorLimit() {
        assertEquals(1, ConnectionAgents.agentsFor(1));
        assertEquals(1, ConnectionAgents.agentsFor(9_000));
        assertEquals(3, ConnectionAgents.agentsFor(19_000));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionAgents(
                new InetSocketAddress("127.0.0.1", 1), 2, 3, List.of(), Duration.ofSeconds(1)));
    }
}
