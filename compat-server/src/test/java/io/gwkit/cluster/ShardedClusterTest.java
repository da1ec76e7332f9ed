package io.gwkit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Gateways of two shards ({@code GatewayServer.Builder.count(2)}), as PHP gateways with {@code count = 2}: each shard
 * announces its own inner address, workers reach all of them, clients are spread over the shards, and operations on
 * many clients (sendToAll, groups, uids) reach clients on every shard through the worker, as across PHP processes.
 */
@Tag("socket")
class ShardedClusterTest {

    private static LocalCluster.Builder twoShards() {
        return LocalCluster.builder().gatewayCount(2).handlerThreads(0);
    }

    /** Records the thread each client's onConnect hook ran on (its shard's loop), by client_id. */
    static final class ThreadHooks implements GatewayHooks {
        final Map<String, String> connectThreads = new ConcurrentHashMap<>();
        final Set<String> workerThreads = ConcurrentHashMap.newKeySet();

        @Override
        public void onConnect(Client client) {
            connectThreads.put(client.clientId(), Thread.currentThread().getName());
        }

        @Override
        public void onBusinessWorkerConnected(String workerKey, java.net.InetSocketAddress address) {
            workerThreads.add(Thread.currentThread().getName());
        }
    }

    /** The inner port in a client_id (hex: 8 ip, 4 port, 10 connection id). */
    private static int port(String clientId) {
        return Integer.parseInt(clientId.substring(8, 12), 16);
    }

    private static String welcomeId(String welcome) {
        int at = welcome.indexOf("\"client_id\":\"") + 13;
        return welcome.substring(at, welcome.indexOf('"', at));
    }

    @Test
    void clientsLandOnBothShardsAndManyClientOperationsReachEveryShard() throws Exception {
        ThreadHooks hooks = new ThreadHooks();
        try (LocalCluster cluster = twoShards().ephemeralPorts().gatewayHooks(() -> hooks).build().start()) {
            GatewayServer gateway = cluster.textGateway();
            assertEquals(2, gateway.count());
            List<String> announced = gateway.announcedAddresses();
            assertEquals(2, announced.size());
            assertEquals(2, new HashSet<>(announced).size(), "each shard has its own inner address");
            assertTrue(cluster.register().gatewayAddresses().containsAll(announced), "the register lists both shards");
            assertTrue(cluster.workers().get(0).connectedGateways().containsAll(announced),
                    "the worker reached both shards: " + cluster.workers().get(0).connectedGateways());
            assertEquals(1, gateway.workerCount(), "a worker counts once it reached every shard");
            assertEquals(Set.of("gateway-text-shard-0", "gateway-text-shard-1", "gateway-websocket-shard-0",
                    "gateway-websocket-shard-1"), hooks.workerThreads, "each shard's worker connection is on its thread");

            List<TestClients.Text> clients = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    TestClients.Text c = new TestClients.Text(cluster.textAddress());
                    clients.add(c);
                    ids.add(welcomeId(c.take()));
                }
                Set<Integer> ports = new HashSet<>();
                ids.forEach(id -> ports.add(port(id)));
                assertEquals(2, ports.size(), "clients are spread over both shards: " + ids);
                Map<Integer, String> threadOfPort = new java.util.HashMap<>();
                for (String id : ids) {
                    String thread = hooks.connectThreads.get(id);
                    assertTrue(thread.startsWith("gateway-text-shard-"), thread);
                    String before = threadOfPort.putIfAbsent(port(id), thread);
                    assertTrue(before == null || before.equals(thread), "one thread per shard: " + hooks.connectThreads);
                }
                assertEquals(2, new HashSet<>(threadOfPort.values()).size(), "two shard threads: " + threadOfPort);

                // echo: on the client's own shard, through its worker connection
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).send("hello " + i);
                    assertEquals("echo hello " + i, clients.get(i).take());
                }
                // sendToAll from a client on one shard reaches the clients of both
                clients.get(0).send("say hi");
                for (TestClients.Text c : clients) {
                    assertEquals(ids.get(0) + " said hi", c.take());
                }
                // group and uid operations span the shards: the worker's GatewayClient asks every shard
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).send("join g");
                    assertEquals("joined g", clients.get(i).take());
                    clients.get(i).send("bind u" + (i % 2));
                    assertEquals("bound u" + (i % 2), clients.get(i).take());
                }
                io.gwkit.client.GatewayClient api = io.gwkit.client.GatewayClient.builder()
                        .registerAddress(cluster.registerAddress().getHostString() + ":"
                                + cluster.registerAddress().getPort())
                        .build();
                try {
                    api.sendToGroup("g", "to the group");
                    for (TestClients.Text c : clients) {
                        assertEquals("to the group", c.take());
                    }
                    api.sendToUid("u1", "to u1");
                    for (int i = 1; i < clients.size(); i += 2) {
                        assertEquals("to u1", clients.get(i).take());
                    }
                    assertEquals(6, api.getClientIdCountByGroup("g"));
                    assertEquals(Set.of(ids.get(0), ids.get(2), ids.get(4)), Set.copyOf(api.getClientIdByUid("u0")));
                    assertEquals(6, api.getAllClientIdCount(), "the clients of every shard, once each");
                } finally {
                    api.close();
                }
                Map<String, Map<Long, String>> byShard = gateway.clientAddressesByShard();
                assertEquals(announced, new ArrayList<>(byShard.keySet()));
                assertEquals(6, byShard.values().stream().mapToInt(Map::size).sum());
            } finally {
                for (TestClients.Text c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void handlersUseTheWholeApiIncludingBlockingRequests() throws Exception {
        LocalClusterTest.handlersUseTheWholeApi(twoShards());
    }

    @Test
    void aSessionSetByAGatewayClientIsRefetched() throws Exception {
        LocalClusterTest.aSessionSetElsewhereIsRefetched(twoShards());
    }

    @Test
    void announcedInnerPortsAreLanPortPlusTheShardIndex() {
        GatewayServer g = GatewayServer.builder().register("127.0.0.1:1").lanPort(4000).count(3).build();
        assertEquals(List.of("127.0.0.1:4000", "127.0.0.1:4001", "127.0.0.1:4002"), g.announcedAddresses());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> GatewayServer.builder().register("127.0.0.1:1").lanPort(65535).count(2).build());
    }
}
