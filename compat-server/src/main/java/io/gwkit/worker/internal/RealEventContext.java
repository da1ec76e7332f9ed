package io.gwkit.worker.internal;

import io.gwkit.client.PhpMethod;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpSerializer;
import io.gwkit.php.PhpStrings;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.Ipv4;
import io.gwkit.worker.EventContext;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One client event: the client's address data, its session, and an API that knows the current client. */
final class RealEventContext extends RealWorkerContext implements EventContext {

    private final GatewayFrame event;
    private final ClientId clientId;
    private final String clientIdText;
    private final PhpArray session;
    private final byte[] message;
    /** The session as the gateway has it (serialized), null when it has none: the write-back compares to it. */
    private byte[] baseline;

    /** @param clientIdText {@code id} as text (the dispatcher made it already) */
    RealEventContext(RealWorkerContext worker, GatewayFrame event, ClientId id, String clientIdText, Channel arrival,
                     PhpArray session, byte[] message, byte[] baseline) {
        super(worker.workerName(), worker.workerIndex(), worker.links, worker.requests,
                new WorkerTransport(worker.links, worker.requests, id, clientIdText, arrival, session),
                worker.timers, worker.config);
        this.event = event;
        this.clientId = id;
        this.clientIdText = clientIdText;
        this.session = session;
        this.message = message;
        this.baseline = baseline;
    }

    @Override
    public String clientId() {
        return clientIdText;
    }

    @Override
    public String clientIp() {
        return Ipv4.toString(event.clientIp());
    }

    @Override
    public int clientPort() {
        return event.clientPort();
    }

    @Override
    public String gatewayAddress() {
        return clientId.gatewayAddress();
    }

    @Override
    public int gatewayPort() {
        return event.gatewayPort();
    }

    @Override
    public PhpArray session() {
        return session;
    }

    @Override
    public byte[] messageBytes() {
        return message;
    }

    @Override
    public boolean messageIsBinary() {
        return event.command() == io.gwkit.protocol.Command.ON_MESSAGE && event.isBinary();
    }

    @Override
    public void sendBinaryToCurrentClient(byte[] message) {
        toCurrent(message, GatewayFrame.FLAG_BINARY);
    }

    @Override
    public void sendToCurrentClient(String message) {
        toCurrent(message.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Override
    public void sendToCurrentClient(byte[] message) {
        toCurrent(message, 0);
    }

    @Override
    public void sendToCurrentClient(byte[] message, boolean raw) {
        toCurrent(message, raw ? GatewayFrame.FLAG_RAW : 0);
    }

    private void toCurrent(byte[] message, int flags) {
        java.util.Objects.requireNonNull(message, "message");
        sendToOne(transport.arrivalAddress(), clientId.connectionId(), message, flags);
    }

    @Override
    public void closeCurrentClient() {
        closeClient(clientIdText);
    }

    @Override
    public void closeCurrentClient(String message) {
        closeClient(clientIdText, message);
    }

    @Override
    public void destroyCurrentClient() {
        fire("destoryCurrentClient", async().destroyCurrentClient());
    }

    @Override
    public void setSession(Map<String, ?> session) {
        setSession(clientIdText, session);
    }

    @Override
    public void updateSession(Map<String, ?> session) {
        updateSession(clientIdText, session);
    }

    /** Of the current client: $_SESSION replaced too, and the write-back after the handler knows it is sent. */
    @Override
    public void setSession(String clientId, Map<String, ?> session) {
        super.setSession(clientId, session);
        if (clientId.equals(clientIdText)) {
            PhpArray replacement = asPhp(session);
            this.session.clear();
            this.session.putAll(replacement);
            baseline = PhpSerializer.serialize(this.session);
        }
    }

    /** Of the current client: merged into $_SESSION too (array_replace_recursive, as the gateway does). */
    @Override
    public void updateSession(String clientId, Map<String, ?> session) {
        super.updateSession(clientId, session);
        if (clientId.equals(clientIdText)) {
            replaceRecursive(this.session, asPhp(session));
            baseline = PhpSerializer.serialize(this.session);
        }
    }

    /** The map as PHP holds it: Integer as Long, nested maps and lists as PhpArray (a serialize round trip). */
    private static PhpArray asPhp(Map<String, ?> session) {
        return (PhpArray) PhpSerializer.unserialize(PhpSerializer.serialize(session));
    }

    private static void replaceRecursive(PhpArray into, PhpArray from) {
        for (Map.Entry<Object, Object> e : from.entrySet()) {
            Object old = into.get(e.getKey());
            if (old instanceof PhpArray o && e.getValue() instanceof PhpArray n) {
                replaceRecursive(o, n);
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
    }

    /** The session as last sent to or read from the gateway (serialized), null when the gateway has none. */
    byte[] sessionBaseline() {
        return baseline;
    }

    /** Writes the session back (cmd 204, PHP's setSocketSession) as the worker does after a handler changed it. */
    void writeSession(byte[] serialized) {
        fire("setSocketSession", async().invoke(PhpMethod.SET_SOCKET_SESSION,
                List.of(clientIdText, PhpStrings.fromBytes(serialized))));
    }
}
