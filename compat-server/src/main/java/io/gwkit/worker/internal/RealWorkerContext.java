package io.gwkit.worker.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.worker.WorkerContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The worker-level API: frames built as PHP's {@code Gateway} class builds them inside a BusinessWorker. */
public class RealWorkerContext implements WorkerContext {

    private final String workerName;
    private final int workerIndex;
    final GatewayLinks links;
    final InnerRequests requests;

    public RealWorkerContext(String workerName, int workerIndex, GatewayLinks links, InnerRequests requests) {
        this.workerName = workerName;
        this.workerIndex = workerIndex;
        this.links = links;
        this.requests = requests;
    }

    @Override
    public String workerName() {
        return workerName;
    }

    @Override
    public int workerIndex() {
        return workerIndex;
    }

    @Override
    public List<String> gatewayAddresses() {
        return links.listedAddresses();
    }

    @Override
    public void sendToClient(String clientId, String message) {
        sendToClient(clientId, utf8(message), false);
    }

    @Override
    public void sendToClient(String clientId, byte[] message, boolean raw) {
        toClient(clientId, Command.SEND_TO_ONE, null, message, raw);
    }

    @Override
    public void sendToAll(String message) {
        sendToAll(utf8(message), false);
    }

    @Override
    public void sendToAll(byte[] message, boolean raw) {
        links.sendToAll(GatewayFrame.request(Command.SEND_TO_ALL, 0, flag(raw), null, message));
    }

    @Override
    public void bindUid(String clientId, String uid) {
        toClient(clientId, Command.BIND_UID, uid, null, false);
    }

    @Override
    public void unbindUid(String clientId, String uid) {
        toClient(clientId, Command.UNBIND_UID, uid, null, false);
    }

    @Override
    public void joinGroup(String clientId, String group) {
        toClient(clientId, Command.JOIN_GROUP, group, null, false);
    }

    @Override
    public void leaveGroup(String clientId, String group) {
        toClient(clientId, Command.LEAVE_GROUP, group, null, false);
    }

    @Override
    public void closeClient(String clientId, String message) {
        ClientId id = ClientId.parse(clientId);
        deliver(id, kick(id.connectionId(), message));
    }

    @Override
    public void destroyClient(String clientId) {
        ClientId id = ClientId.parse(clientId);
        deliver(id, GatewayFrame.request(Command.DESTROY, id.connectionId(), GatewayFrame.FLAG_SCALAR, null, null));
    }

    @Override
    public PhpArray getSession(String clientId) {
        ClientId id = ClientId.parse(clientId);
        String address = id.gatewayAddress();
        if (!links.connectedAddresses().contains(address)) {
            return null; // PHP's worker-side getSession answers null without asking
        }
        GatewayFrame request = GatewayFrame.request(Command.GET_SESSION_BY_CLIENT_ID, id.connectionId(),
                GatewayFrame.FLAG_SCALAR, null, null);
        byte[] reply;
        try {
            reply = requests.request(address, request)
                    .get(InnerRequests.CONNECT_TIMEOUT_MILLIS + InnerRequests.REPLY_TIMEOUT_SECONDS * 1000L + 1000,
                            TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted waiting for the session of " + clientId));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new UncheckedIOException(cause instanceof IOException ? (IOException) cause
                    : new IOException("session request for " + clientId + " failed", cause));
        } catch (TimeoutException e) {
            throw new UncheckedIOException(new IOException("no session reply for " + clientId + " from " + address));
        }
        return SessionCodec.decode(reply, clientId);
    }

    /** A per-client command: uid/group in ext_data, message in the body (flag 0x01, string body). */
    void toClient(String clientId, Command cmd, String ext, byte[] body, boolean raw) {
        ClientId id = ClientId.parse(clientId);
        deliver(id, clientFrame(cmd, id.connectionId(), ext, body, raw));
    }

    /** Sends over the worker's connection to the gateway holding the client. */
    void deliver(ClientId id, GatewayFrame frame) {
        links.send(id.gatewayAddress(), frame);
    }

    static GatewayFrame clientFrame(Command cmd, long connectionId, String ext, byte[] body, boolean raw) {
        // PHP only sets ext_data when !empty($ext_data): "" and "0" leave it empty
        byte[] extData = ext == null || ext.isEmpty() || ext.equals("0") ? null : utf8(ext);
        return GatewayFrame.request(cmd, connectionId, flag(raw), extData, body);
    }

    static GatewayFrame kick(long connectionId, String message) {
        if (message == null) {
            // body is serialized null: the only worker frame with flag 0
            return GatewayFrame.request(Command.KICK, connectionId, 0, null, "N;".getBytes(StandardCharsets.US_ASCII));
        }
        return GatewayFrame.request(Command.KICK, connectionId, GatewayFrame.FLAG_SCALAR, null, utf8(message));
    }

    static int flag(boolean raw) {
        return raw ? GatewayFrame.FLAG_SCALAR | GatewayFrame.FLAG_RAW : GatewayFrame.FLAG_SCALAR;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
