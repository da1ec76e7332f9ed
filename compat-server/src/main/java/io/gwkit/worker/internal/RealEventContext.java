package io.gwkit.worker.internal;

import io.gwkit.client.PhpMethod;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpStrings;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.Ipv4;
import io.gwkit.worker.EventContext;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One client event: the client's address data, its session, and an API that knows the current client. */
final class RealEventContext extends RealWorkerContext implements EventContext {

    private final GatewayFrame event;
    private final ClientId clientId;
    private final String clientIdText;
    private final PhpArray session;
    private final byte[] message;

    RealEventContext(RealWorkerContext worker, GatewayFrame event, Channel arrival, PhpArray session, byte[] message) {
        this(worker, event, new ClientId(event.localIp(), event.localPort(), event.connectionId()), arrival, session,
                message);
    }

    private RealEventContext(RealWorkerContext worker, GatewayFrame event, ClientId id, Channel arrival,
                             PhpArray session, byte[] message) {
        super(worker.workerName(), worker.workerIndex(), worker.links, worker.requests,
                new WorkerTransport(worker.links, worker.requests, id.toString(), id.gatewayAddress(), arrival));
        this.event = event;
        this.clientId = id;
        this.clientIdText = id.toString();
        this.session = session;
        this.message = message;
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
    public void sendToCurrentClient(String message) {
        sendToClient(clientIdText, message.getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public void sendToCurrentClient(byte[] message, boolean raw) {
        sendToClient(clientIdText, message, raw);
    }

    @Override
    public void closeCurrentClient(String message) {
        closeClient(clientIdText, message);
    }

    @Override
    public void destroyCurrentClient() {
        logFailure("destoryCurrentClient", gateway().async().destroyCurrentClient());
    }

    /** Writes the session back (cmd 204, PHP's setSocketSession) as the worker does after a handler changed it. */
    void writeSession(byte[] serialized) {
        logFailure("setSocketSession", gateway().async().invoke(PhpMethod.SET_SOCKET_SESSION,
                List.of(clientIdText, PhpStrings.fromBytes(serialized))));
    }
}
