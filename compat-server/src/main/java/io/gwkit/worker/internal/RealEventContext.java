package io.gwkit.worker.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.Ipv4;
import io.gwkit.worker.EventContext;
import io.netty.channel.Channel;

/** One client event: the client's address data, its session and the connection the event came on. */
final class RealEventContext extends RealWorkerContext implements EventContext {

    private static final byte[] NO_MESSAGE = new byte[0];

    private final GatewayFrame event;
    private final ClientId clientId;
    private final String clientIdText;
    private final Channel arrival;
    private final PhpArray session;

    RealEventContext(RealWorkerContext worker, GatewayFrame event, Channel arrival, PhpArray session) {
        super(worker.workerName(), worker.workerIndex(), worker.links, worker.requests);
        this.event = event;
        this.clientId = new ClientId(event.localIp(), event.localPort(), event.connectionId());
        this.clientIdText = clientId.toString();
        this.arrival = arrival;
        this.session = session;
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
        return event.cmd() == Command.ON_MESSAGE.code() ? event.body() : NO_MESSAGE;
    }

    @Override
    public void sendToCurrentClient(String message) {
        sendToCurrentClient(utf8(message), false);
    }

    @Override
    public void sendToCurrentClient(byte[] message, boolean raw) {
        deliver(clientId, clientFrame(Command.SEND_TO_ONE, clientId.connectionId(), null, message, raw));
    }

    @Override
    public void closeCurrentClient(String message) {
        deliver(clientId, kick(clientId.connectionId(), message));
    }

    @Override
    public void destroyCurrentClient() {
        deliver(clientId, GatewayFrame.request(Command.DESTROY, clientId.connectionId(), GatewayFrame.FLAG_SCALAR,
                null, null));
    }

    /** Writes the session back (cmd 204) as the worker does after a handler changed it. */
    void writeSession(byte[] serialized) {
        deliver(clientId, GatewayFrame.request(Command.SET_SESSION, clientId.connectionId(), GatewayFrame.FLAG_SCALAR,
                serialized, null));
    }

    @Override
    void deliver(ClientId id, GatewayFrame frame) {
        if (!links.send(id.gatewayAddress(), frame) && id.gatewayAddress().equals(clientId.gatewayAddress())) {
            // the gateway announced a different address than its frames carry: answer where the event came from
            arrival.writeAndFlush(frame, arrival.voidPromise());
        }
    }
}
