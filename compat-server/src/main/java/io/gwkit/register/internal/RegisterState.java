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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The register's address book. Only touched from the register's single event-loop thread.
 */
public final class RegisterState {

    /** Gateways plus subscribed workers, at most: more are refused (a register serves a few hundred). */
    public static final int MAX_NODES = 10_000;
    private static final Logger log = LoggerFactory.getLogger(RegisterState.class);

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

    /** False when the register is full ({@link #MAX_NODES}); the caller closes the connection. */
    boolean addGateway(Channel channel, String address) {
        if (!gateways.containsKey(channel) && full()) {
            return false;
        }
        gateways.put(channel, address);
        broadcastToWorkers();
        return true;
    }

    /** False when the register is full ({@link #MAX_NODES}); the caller closes the connection. */
    boolean addWorker(Channel channel) {
        if (!workers.containsKey(channel) && full()) {
            return false;
        }
        workers.put(channel, Boolean.TRUE);
        send(channel, addressesLine());
        return true;
    }

    private boolean full() {
        if (gateways.size() + workers.size() < MAX_NODES) {
            return false;
        }
        log.warn("register full: {} gateways and workers connected; refusing another", MAX_NODES);
        return true;
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
        for (Channel worker : new ArrayList<>(workers.keySet())) {
            if (!worker.isActive()) {
                continue; // gone (e.g. stopped with the gateway just removed): its channelInactive removes it
            }
            if (worker.isWritable()) {
                send(worker, line);
            } else {
                // it has not read the last broadcasts: a subscriber that never reads must not hold our memory
                log.warn("worker {} does not read the register's broadcasts; closing it", worker.remoteAddress());
                workers.remove(worker);
                worker.close();
            }
        }
    }

    static void send(Channel channel, String line) {
        channel.writeAndFlush(Unpooled.copiedBuffer(line + "\n", StandardCharsets.UTF_8));
    }
}
