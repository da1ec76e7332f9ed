package io.gwkit.worker.internal;

import io.gwkit.client.GatewayTimeoutException;
import io.gwkit.client.GatewayUnavailableException;
import io.gwkit.client.GatewayTransport;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.netty.channel.Channel;
import io.netty.handler.timeout.ReadTimeoutException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GatewayClient API's transport inside a BusinessWorker, as PHP's {@code Gateway} class behaves there:
 * sends go over the worker's own long connection to the target gateway (silently dropped when there is
 * none), requests over a new short connection each, fan-outs reach every gateway the worker is connected
 * to or the register lists.
 */
final class WorkerTransport implements GatewayTransport {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerTransport.class);

    private final GatewayLinks links;
    private final InnerRequests requests;
    private final String currentClientId;
    private final String arrivalAddress;
    private final Channel arrival;
    /** The current client's connection id and live session ($_SESSION), or null worker-wide. */
    private final Long currentConnectionId;
    private final PhpArray liveSession;

    /** Worker-wide (no current client). */
    WorkerTransport(GatewayLinks links, InnerRequests requests) {
        this(links, requests, null, null, null, null);
    }

    /**
     * For one event: {@code arrival} is the connection it came on, which answers for {@code arrivalAddress}
     * when the gateway announced a different address than its frames carry.
     */
    WorkerTransport(GatewayLinks links, InnerRequests requests, ClientId current, String currentText,
                    Channel arrival, PhpArray liveSession) {
        this.links = links;
        this.requests = requests;
        this.currentClientId = currentText;
        this.arrivalAddress = current == null ? null : addressOf(current);
        this.currentConnectionId = current == null ? null : current.connectionId();
        this.arrival = arrival;
        this.liveSession = liveSession;
    }

    /** An inner address and its key {@code localIp << 16 | localPort}; immutable, so safely shared between loops. */
    private record Address(long key, String text) {
    }

    /** Recently used inner addresses, by key hash: a lookup per message allocates nothing (no boxed key). */
    private static final Address[] ADDRESSES = new Address[64];

    /** {@link ClientId#gatewayAddress()}, cached (a few gateways, many messages). */
    static String addressOf(ClientId id) {
        long key = id.localIp() << 16 | id.localPort();
        int slot = (int) (key ^ (key >>> 16) ^ (key >>> 32)) & (ADDRESSES.length - 1);
        Address a = ADDRESSES[slot];
        if (a == null || a.key() != key) {
            a = new Address(key, id.gatewayAddress());
            ADDRESSES[slot] = a;
        }
        return a.text();
    }

    /** The inner address of the current client's gateway (null worker-wide). */
    String arrivalAddress() {
        return arrivalAddress;
    }

    @Override
    public CompletableFuture<List<String>> gatewayAddresses() {
        // already complete, so the API writes a fan-out on the caller's thread, in call order
        Set<String> all = new LinkedHashSet<>(links.connectedAddresses());
        all.addAll(links.listedAddresses());
        return CompletableFuture.completedFuture(List.copyOf(all));
    }

    @Override
    public CompletableFuture<Void> send(String innerAddress, GatewayFrame frame) {
        if (!links.send(innerAddress, frame)) {
            if (arrival != null && innerAddress.equals(arrivalAddress)) {
                GatewayLinks.write(arrival, frame);
            } else {
                LOG.debug("no connection to gateway {}: dropped {}", innerAddress, frame);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<byte[]> request(String innerAddress, GatewayFrame frame) {
        boolean sessions = liveSession != null && innerAddress.equals(arrivalAddress)
                && (frame.cmd() == Command.GET_ALL_CLIENT_SESSIONS.code()
                        || frame.cmd() == Command.GET_CLIENT_SESSIONS_BY_GROUP.code());
        return requests.request(innerAddress, frame).handle((reply, e) -> {
            if (e == null) {
                return sessions ? withLiveSession(reply) : reply;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ReadTimeoutException || cause.getCause() instanceof ReadTimeoutException) {
                throw new GatewayTimeoutException(null, innerAddress, "no reply from gateway " + innerAddress
                        + " within " + InnerRequests.REPLY_TIMEOUT_SECONDS + " s", cause);
            }
            throw new GatewayUnavailableException(null, innerAddress, cause.getMessage(), cause);
        });
    }

    /**
     * A sessions reply ({@code [connection_id => serialized session]}) with the current client's entry replaced by
     * its live session, as PHP's Gateway sees {@code $_SESSION} there; any other reply as it came.
     */
    private byte[] withLiveSession(byte[] reply) {
        try {
            if (PhpSerializer.unserialize(reply, SessionCodec.LIMITS) instanceof PhpArray all
                    && all.containsKey(currentConnectionId)) {
                all.put(currentConnectionId, new PhpBytes(PhpSerializer.serialize(liveSession)));
                return PhpSerializer.serialize(all);
            }
        } catch (RuntimeException e) {
            LOG.debug("sessions reply kept as it came", e);
        }
        return reply;
    }

    @Override
    public String currentClientId() {
        return currentClientId;
    }
}
