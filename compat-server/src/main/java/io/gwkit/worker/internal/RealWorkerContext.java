package io.gwkit.worker.internal;

import io.gwkit.client.AsyncGatewayClient;
import io.gwkit.client.GatewayClient;
import io.gwkit.client.PhpMethod;
import io.gwkit.php.PhpArray;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.worker.AppConfig;
import io.gwkit.worker.WorkerContext;
import io.gwkit.worker.WorkerTimer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker-level API: the SDK's GatewayClient over a {@link WorkerTransport} for queries, and every send as a
 * call that returns at once and logs its failure.
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
    final WorkerTimers timers;
    final AppConfig config;
    /** Made on first use: most events only send, and a client per event was most of an echo's allocation. */
    private volatile GatewayClient client;

    public RealWorkerContext(String workerName, int workerIndex, GatewayLinks links, InnerRequests requests,
                             WorkerTimers timers, AppConfig config) {
        this(workerName, workerIndex, links, requests, new WorkerTransport(links, requests), timers, config);
    }

    RealWorkerContext(String workerName, int workerIndex, GatewayLinks links, InnerRequests requests,
                      WorkerTransport transport, WorkerTimers timers, AppConfig config) {
        this.workerName = workerName;
        this.workerIndex = workerIndex;
        this.links = links;
        this.requests = requests;
        this.transport = transport;
        this.timers = timers;
        this.config = config;
    }

    private GatewayClient client() {
        GatewayClient c = client;
        if (c == null) { // a race makes two equal clients over one transport: harmless
            // best effort like PHP: a gateway that fails during a fan-out is skipped, the others still answer
            c = GatewayClient.over(transport, true, CALL_TIMEOUT);
            client = c;
        }
        return c;
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
    public AppConfig config() {
        return config;
    }

    @Override
    public WorkerTimer addTimer(Duration delay, boolean repeat, Runnable task) {
        return timers.add(delay, repeat, task);
    }

    @Override
    public AsyncGatewayClient async() {
        return client().async();
    }

    @Override
    public GatewayClient blocking() {
        return client();
    }

    @Override
    public void sendToAll(String message) {
        fire("sendToAll", async().sendToAll(message));
    }

    @Override
    public void sendToAll(byte[] message) {
        fire("sendToAll", async().sendToAll(message));
    }

    @Override
    public void sendToAll(String message, Collection<String> clientIds, Collection<String> excludeClientIds,
                          boolean raw) {
        fire("sendToAll", async().sendToAll(message, clientIds, excludeClientIds, raw));
    }

    @Override
    public void sendToAll(byte[] message, Collection<String> clientIds, Collection<String> excludeClientIds,
                          boolean raw) {
        fire("sendToAll", async().sendToAll(message, clientIds, excludeClientIds, raw));
    }

    @Override
    public void sendToClient(String clientId, String message) {
        sendToClient(clientId, message.getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public void sendToClient(String clientId, byte[] message) {
        sendToClient(clientId, message, false);
    }

    /**
     * The frame the SDK's sendToClient sends (PHP's Gateway::sendToClient, cmd 5), built here: the echo path, with
     * no future per message. PHP's worker-side sendToClient has a raw flag the GatewayClient library lacks.
     */
    @Override
    public void sendToClient(String clientId, byte[] message, boolean raw) {
        Objects.requireNonNull(message, "message");
        ClientId id = ClientId.parse(clientId);
        sendToOne(WorkerTransport.addressOf(id), id.connectionId(), message, raw ? GatewayFrame.FLAG_RAW : 0);
    }

    /** cmd 5 with a string body and {@code flags} (raw, binary) to connection {@code connectionId} of a gateway. */
    void sendToOne(String gatewayAddress, long connectionId, byte[] message, int flags) {
        transport.send(gatewayAddress, GatewayFrame.request(Command.SEND_TO_ONE, connectionId,
                GatewayFrame.FLAG_SCALAR | flags, null, message));
    }

    @Override
    public void sendBinaryToClient(String clientId, byte[] message) {
        Objects.requireNonNull(message, "message");
        ClientId id = ClientId.parse(clientId);
        sendToOne(WorkerTransport.addressOf(id), id.connectionId(), message, GatewayFrame.FLAG_BINARY);
    }

    @Override
    public void sendToUid(String uid, String message) {
        fire("sendToUid", async().sendToUid(uid, message));
    }

    @Override
    public void sendToUid(String uid, byte[] message) {
        fire("sendToUid", async().sendToUid(uid, message));
    }

    @Override
    public void sendToUid(Collection<?> uids, String message) {
        fire("sendToUid", async().sendToUid(uids, message));
    }

    @Override
    public void sendToUid(Collection<?> uids, byte[] message) {
        fire("sendToUid", async().sendToUid(uids, message));
    }

    @Override
    public void sendToGroup(String group, String message) {
        fire("sendToGroup", async().sendToGroup(group, message));
    }

    @Override
    public void sendToGroup(String group, byte[] message) {
        fire("sendToGroup", async().sendToGroup(group, message));
    }

    @Override
    public void sendToGroup(Collection<?> groups, String message, Collection<String> excludeClientIds, boolean raw) {
        fire("sendToGroup", async().sendToGroup(groups, message, excludeClientIds, raw));
    }

    @Override
    public void sendToGroup(Collection<?> groups, byte[] message, Collection<String> excludeClientIds, boolean raw) {
        fire("sendToGroup", async().sendToGroup(groups, message, excludeClientIds, raw));
    }

    @Override
    public void closeClient(String clientId) {
        toClient("closeClient", clientId, api -> api.closeClient(clientId));
    }

    @Override
    public void closeClient(String clientId, String message) {
        toClient("closeClient", clientId,
                api -> message == null ? api.closeClient(clientId) : api.closeClient(clientId, message));
    }

    @Override
    public void closeClient(String clientId, byte[] message) {
        toClient("closeClient", clientId, api -> api.closeClient(clientId, message));
    }

    @Override
    public void destroyClient(String clientId) {
        toClient("destoryClient", clientId, api -> api.destroyClient(clientId));
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
    public void ungroup(String group) {
        fire("ungroup", async().ungroup(group));
    }

    @Override
    public void setSession(String clientId, Map<String, ?> session) {
        toClient("setSession", clientId, api -> api.setSession(clientId, session));
    }

    @Override
    public void updateSession(String clientId, Map<String, ?> session) {
        toClient("updateSession", clientId, api -> api.updateSession(clientId, session));
    }

    /** A per-client send; a malformed client_id throws here rather than only being logged. */
    private void toClient(String operation, String clientId, Function<AsyncGatewayClient, CompletableFuture<?>> call) {
        ClientId.parse(clientId);
        fire(operation, call.apply(async()));
    }

    /**
     * The session the gateway holds for a client (cmd 203 over a new connection), blocking: an empty array when it
     * has none, null when the client is offline or the worker has no connection to its gateway.
     */
    PhpArray fetchSession(String clientId) {
        ClientId.parse(clientId);
        Object session = client().invoke(PhpMethod.GET_SESSION, List.of(clientId));
        return session instanceof PhpArray ? (PhpArray) session : null;
    }

    /** A send's outcome: a failure is logged, never thrown to the handler. */
    static void fire(String operation, CompletableFuture<?> call) {
        call.whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("{} from a worker handler failed: {}", operation, e.toString());
            }
        });
    }
}
