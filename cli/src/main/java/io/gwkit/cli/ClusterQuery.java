package io.gwkit.cli;

import io.gwkit.client.GatewayClient;
import io.gwkit.client.GatewayTransport;
import io.gwkit.protocol.GatewayRequests;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.HostPort;
import io.gwkit.protocol.Ipv4;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code gw status} and {@code gw connections} ask a cluster, over the register and inner protocols only,
 * so PHP gateways answer as well as Java ones: the gateway list from the register, and per gateway one SELECT
 * (cmd 25) for every client's uid and groups — the request PHP's {@code Gateway::getAllUidList()} sends.
 */
final class ClusterQuery implements AutoCloseable {

    /** One client as its gateway knows it; {@code uid} null when unbound, {@code groups} empty when none. */
    record Client(String clientId, Object uid, List<Object> groups) {
    }

    private static final byte[] SELECT_ALL = GatewayRequests.json(selectAll());

    private final GatewayClient client;
    private final GatewayTransport transport;
    private final Duration timeout;

    ClusterQuery(List<String> registers, String secret, Duration timeout) {
        this.timeout = timeout;
        this.client = GatewayClient.builder().registerAddresses(registers).secretKey(secret == null ? "" : secret)
                .connectTimeout(timeout).replyTimeout(timeout).registerCacheTtl(Duration.ZERO)
                .connectionsPerGateway(1).ioThreads(1).nativeTransport(false)
                .build();
        this.transport = client.transport();
    }

    /** The gateways' inner addresses as the register lists them. */
    List<String> gateways() throws Exception {
        return await(transport.gatewayAddresses());
    }

    /** Every client of the gateway at {@code innerAddress}, by connection id. */
    List<Client> clients(String innerAddress) throws Exception {
        byte[] reply = await(transport.request(innerAddress,
                GatewayRequests.frame(Command.SELECT, 0, SELECT_ALL)));
        Object value = PhpSerializer.unserialize(reply, PhpSerializer.Limits.DEFAULT);
        Map<Long, Client> byId = new TreeMap<>();
        if (value instanceof PhpArray answer) {
            answer.forEach((connectionId, info) -> {
                long id = Long.parseLong(String.valueOf(connectionId));
                Object uid = info instanceof PhpArray a ? a.get("uid") : null;
                Object groups = info instanceof PhpArray a ? a.get("groups") : null;
                List<Object> groupList = groups instanceof PhpArray g ? new ArrayList<>(g.values()) : List.of();
                boolean bound = uid != null && !"".equals(uid);
                byId.put(id, new Client(clientId(innerAddress, id), bound ? uid : null, groupList));
            });
        }
        return new ArrayList<>(byId.values());
    }

    /** The client_id of connection {@code connectionId} on the gateway announced as {@code innerAddress}. */
    static String clientId(String innerAddress, long connectionId) {
        HostPort inner = HostPort.parse(innerAddress);
        return new ClientId(Ipv4.parse(inner.host()), inner.port(), connectionId).toString();
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        try {
            return f.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new TimeoutException("no answer within " + timeout.toMillis() * 2 + " ms");
        }
    }

    private static PhpArray selectAll() {
        PhpArray ext = new PhpArray();
        ext.put("fields", PhpArray.listOf("uid", "groups"));
        ext.put("where", new PhpArray());
        return ext;
    }
}
