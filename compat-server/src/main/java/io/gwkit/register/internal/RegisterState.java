package io.gwkit.register.internal;

import io.gwkit.protocol.RegisterMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The register's address book. Only touched from the register's single event-loop thread.
 */
public final class RegisterState {

    private final String secretKey;
    /** Gateway connection → its announced inner address, in announce order (PHP keeps connection-id order). */
    private final Map<Channel, String> gateways = new LinkedHashMap<>();
    private final Map<Channel, Boolean> workers = new LinkedHashMap<>();

    public RegisterState(String secretKey) {
        this.secretKey = secretKey;
    }

    String secretKey() {
        return secretKey;
    }

    void addGateway(Channel channel, String address) {
        gateways.put(channel, address);
        broadcastToWorkers();
    }

    void addWorker(Channel channel) {
        workers.put(channel, Boolean.TRUE);
        send(channel, addressesLine());
    }

    void remove(Channel channel) {
        workers.remove(channel);
        if (gateways.remove(channel) != null) {
            broadcastToWorkers();
        }
    }

    /** De-duplicated addresses in first-announce order (what workers are sent). Event-loop thread only. */
    public List<String> addresses() {
        return new ArrayList<>(new LinkedHashSet<>(gateways.values()));
    }

    /** Connections subscribed with worker_connect (workers, and GatewayClients asking for the list). */
    public int workerCount() {
        return workers.size();
    }

    private String addressesLine() {
        return new RegisterMessage.BroadcastAddresses(addresses()).toLine();
    }

    private void broadcastToWorkers() {
        String line = addressesLine();
        for (Channel worker : workers.keySet()) {
            send(worker, line);
        }
    }

    static void send(Channel channel, String line) {
        channel.writeAndFlush(Unpooled.copiedBuffer(line + "\n", StandardCharsets.UTF_8));
    }
}
