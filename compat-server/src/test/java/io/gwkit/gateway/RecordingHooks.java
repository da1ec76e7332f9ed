package io.gwkit.gateway;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test hooks that record every state-thread callback as a line in {@link #calls}. {@link #routeTo} is what
 * {@code route} answers ("boom": it throws); with {@link #failOnConnect} onConnect throws after recording.
 */
public final class RecordingHooks implements GatewayHooks {

    public final List<String> calls = new CopyOnWriteArrayList<>();
    public volatile String routeTo;
    public volatile boolean failOnConnect;

    @Override
    public void onWorkerStart(GatewayServer gateway) {
        calls.add("start " + gateway.listenerAddresses().size());
    }

    @Override
    public void onWorkerStop(GatewayServer gateway) {
        calls.add("stop");
    }

    @Override
    public void onConnect(Client client) {
        InetSocketAddress remote = client.remoteAddress();
        calls.add("connect " + client.connectionId() + " " + client.listener().protocol() + " "
                + (remote == null ? "-" : remote.getAddress().getHostAddress()));
        if (failOnConnect) {
            throw new IllegalStateException("a bug in onConnect");
        }
    }

    @Override
    public void onClose(Client client) {
        calls.add("close " + client.connectionId());
    }

    @Override
    public void onBusinessWorkerConnected(String workerKey, InetSocketAddress address) {
        calls.add("worker " + workerKey);
    }

    @Override
    public void onBusinessWorkerClosed(String workerKey, InetSocketAddress address) {
        calls.add("worker gone " + workerKey);
    }

    @Override
    public String route(Client client, Set<String> workerKeys) {
        calls.add("route " + client.connectionId() + " among " + new TreeSet<>(workerKeys));
        if ("boom".equals(routeTo)) {
            throw new IllegalStateException("router bug");
        }
        return routeTo;
    }

    @Override
    public void onWebSocketPing(Client client, byte[] payload) {
        calls.add("ping " + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void onWebSocketPong(Client client, byte[] payload) {
        calls.add("pong " + new String(payload, StandardCharsets.UTF_8));
    }
}
