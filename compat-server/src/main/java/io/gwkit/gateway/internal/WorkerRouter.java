package io.gwkit.gateway.internal;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which connected worker a shard's client's events go to (sticky once chosen): the hooks' route, else the
 * configured {@link Router}, with the client counts least-connections needs. Part of {@link GatewayCore}: on its
 * loop only.
 */
final class WorkerRouter {

    private final GatewayCore core;
    private final Router router;
    /** The core's connected workers by key (read only here). */
    private final Map<String, InnerConnection> workers;
    /** worker key → clients routed to it (least-connections router). */
    private final Map<String, Long> leastConnections = new LinkedHashMap<>();

    WorkerRouter(GatewayCore core, Map<String, InnerConnection> workers) {
        this.core = core;
        this.router = core.settings.router();
        this.workers = workers;
    }

    /** A worker was accepted under {@code key}: it starts with no clients. */
    void workerAdded(String key) {
        if (router == Router.LEAST_CONNECTIONS) {
            leastConnections.put(key, 0L);
        }
    }

    void workerRemoved(String key) {
        leastConnections.remove(key);
    }

    /** The client closed: one client less for its worker. */
    void clientClosed(ClientConnection client) {
        if (router == Router.LEAST_CONNECTIONS && client.workerKey != null) {
            leastConnections.computeIfPresent(client.workerKey, (k, n) -> n > 0 ? n - 1 : n);
        }
    }

    /** The client's worker: its sticky one while connected, else the hooks' or the {@link Router}'s choice. */
    InnerConnection workerFor(ClientConnection client) {
        if (client.workerKey == null || !workers.containsKey(client.workerKey)) {
            String routed = route(client);
            client.workerKey = routed != null ? routed : chooseWorker();
        }
        return workers.get(client.workerKey);
    }

    /** The hooks' router's choice, or null to use the configured {@link Router}. */
    private String route(ClientConnection client) {
        if (core.settings.hooks() == GatewayHooks.NONE) {
            return null;
        }
        String[] choice = new String[1];
        core.hook("route", () -> {
            String key = core.settings.hooks().route(client, java.util.Collections.unmodifiableSet(workers.keySet()));
            if (key != null && !workers.containsKey(key)) {
                throw new IllegalStateException("route returned \"" + key + "\", not a connected worker's key");
            }
            choice[0] = key;
        });
        if (choice[0] != null) {
            leastConnections.computeIfPresent(choice[0], (k, n) -> n + 1);
        }
        return choice[0];
    }

    private String chooseWorker() {
        if (router == Router.RANDOM || leastConnections.isEmpty()) {
            List<String> keys = new ArrayList<>(workers.keySet());
            return keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
        }
        String best = null;
        long min = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : leastConnections.entrySet()) {
            if (e.getValue() < min) {
                min = e.getValue();
                best = e.getKey();
            }
        }
        leastConnections.put(best, min + 1);
        return best;
    }
}
