package io.gwkit.worker.internal;

import io.gwkit.client.AsyncGatewayClient;
import io.gwkit.client.GatewayClient;
import io.gwkit.client.PhpMethod;
import io.gwkit.php.PhpArray;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.worker.WorkerContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker-level API: the SDK's GatewayClient over a {@link WorkerTransport}, plus fire-and-forget
 * shortcuts whose failures are logged.
 */
public class RealWorkerContext implements WorkerContext {

    private static final Logger LOG = LoggerFactory.getLogger(RealWorkerContext.class);
    /** A blocking call inside a handler waits at most this long (connect 3 s + reply 5 s + margin). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final String workerName;
    private final int workerIndex;
    final GatewayLinks links;
    final InnerRequests requests;
    final WorkerTransport transport;
    private final GatewayClient client;

    public RealWorkerContext(String workerName, int workerIndex, GatewayLinks links, InnerRequests requests) {
        this(workerName, workerIndex, links, requests, new WorkerTransport(links, requests));
    }

    RealWorkerContext(String workerName, int workerIndex, GatewayLinks links, InnerRequests requests,
                      WorkerTransport transport) {
        this.workerName = workerName;
        this.workerIndex = workerIndex;
        this.links = links;
        this.requests = requests;
        this.transport = transport;
        // best effort like PHP: a gateway that fails during a fan-out is skipped, the others still answer
        this.client = GatewayClient.over(transport, true, CALL_TIMEOUT);
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
    public GatewayClient gateway() {
        return client;
    }

    private AsyncGatewayClient async() {
        return client.async();
    }

    @Override
    public void sendToClient(String clientId, String message) {
        toClient("sendToClient", clientId, api -> api.sendToClient(clientId, message));
    }

    @Override
    public void sendToClient(String clientId, byte[] message, boolean raw) {
        ClientId id = ClientId.parse(clientId);
        if (raw) {
            // PHP's worker-side sendToClient has a raw flag the GatewayClient library lacks
            transport.send(id.gatewayAddress(), GatewayFrame.request(Command.SEND_TO_ONE, id.connectionId(),
                    GatewayFrame.FLAG_SCALAR | GatewayFrame.FLAG_RAW, null, message));
        } else {
            logFailure("sendToClient", async().sendToClient(clientId, message));
        }
    }

    @Override
    public void sendToAll(String message) {
        logFailure("sendToAll", async().sendToAll(message));
    }

    @Override
    public void sendToAll(byte[] message, boolean raw) {
        logFailure("sendToAll", async().sendToAll(message, null, null, raw));
    }

    @Override
    public void bindUid(String clientId, String uid) {
        toClient("bindUid", clientId, api -> api.bindUid(clientId, uid));
    }

    @Override
    public void unbindUid(String clientId, String uid) {
        toClient("unbindUid", clientId, api -> api.unbindUid(clientId, uid));
    }

    @Override
    public void joinGroup(String clientId, String group) {
        toClient("joinGroup", clientId, api -> api.joinGroup(clientId, group));
    }

    @Override
    public void leaveGroup(String clientId, String group) {
        toClient("leaveGroup", clientId, api -> api.leaveGroup(clientId, group));
    }

    @Override
    public void closeClient(String clientId, String message) {
        toClient("closeClient", clientId,
                api -> message == null ? api.closeClient(clientId) : api.closeClient(clientId, message));
    }

    @Override
    public void destroyClient(String clientId) {
        toClient("destoryClient", clientId, api -> api.destroyClient(clientId));
    }

    /** A fire-and-forget per-client call; a malformed client_id throws here rather than only being logged. */
    private void toClient(String operation, String clientId, Function<AsyncGatewayClient, CompletableFuture<?>> call) {
        ClientId.parse(clientId);
        logFailure(operation, call.apply(async()));
    }

    @Override
    public PhpArray getSession(String clientId) {
        ClientId.parse(clientId);
        Object session = client.invoke(PhpMethod.GET_SESSION, List.of(clientId));
        return session instanceof PhpArray ? (PhpArray) session : null;
    }

    static void logFailure(String operation, CompletableFuture<?> call) {
        call.whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("{} from a worker handler failed: {}", operation, e.toString());
            }
        });
    }
}
