package io.gwkit.client.internal;

import io.gwkit.client.GatewayProtocolException;
import io.gwkit.client.GatewayTransport;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpSerializeException;
import io.gwkit.php.PhpSerializer;
import io.gwkit.php.PhpValues;
import io.gwkit.protocol.GatewayFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link PhpGatewayApi} reaches gateways: one frame to one gateway, or the same or per-gateway frames to
 * several in parallel, replies decoded and merged in PHP's order; a failing gateway fails the call, or is
 * skipped and logged when the fan-out is best effort.
 */
final class FanOut {

    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final GatewayTransport transport;
    private final boolean bestEffort;
    private final PhpSerializer.Limits limits;

    FanOut(GatewayTransport transport, boolean bestEffort, PhpSerializer.Limits limits) {
        this.transport = transport;
        this.bestEffort = bestEffort;
        this.limits = limits;
    }

    CompletableFuture<Void> send(String address, GatewayFrame frame) {
        return transport.send(address, frame);
    }

    CompletableFuture<Void> sendToAllGateways(GatewayFrame frame) {
        return transport.gatewayAddresses().thenCompose(addresses -> {
            Map<String, GatewayFrame> frames = new LinkedHashMap<>();
            for (String address : addresses) {
                frames.put(address, frame);
            }
            return sendEach(frames);
        });
    }

    CompletableFuture<Void> sendEach(Map<String, GatewayFrame> frames) {
        List<CompletableFuture<Void>> sends = new ArrayList<>(frames.size());
        frames.forEach((address, frame) -> sends.add(bestEffort
                ? transport.send(address, frame).exceptionally(e -> {
                    log.warn("best-effort fan-out: skipping gateway {}: {}", address, PhpGatewayApi.unwrap(e).getMessage());
                    return null;
                })
                : transport.send(address, frame)));
        return firstFailureInOrder(sends).thenApply(x -> null);
    }

    CompletableFuture<Object> requestValue(String address, GatewayFrame frame) {
        return transport.request(address, frame).thenApply(bytes -> unserializeReply(address, frame, bytes));
    }

    private Object unserializeReply(String address, GatewayFrame frame, byte[] bytes) {
        try {
            return PhpSerializer.unserialize(bytes, limits);
        } catch (PhpSerializeException e) {
            throw new GatewayProtocolException(null, address, "undecodable reply to " + frame.command()
                    + " from gateway " + address + ": " + e.getMessage(), e);
        }
    }

    CompletableFuture<List<Answer>> requestAll(GatewayFrame frame) {
        return transport.gatewayAddresses().thenCompose(addresses -> {
            Map<String, GatewayFrame> frames = new LinkedHashMap<>();
            for (String address : addresses) {
                frames.put(address, frame);
            }
            return requestEach(frames);
        });
    }

    CompletableFuture<List<Answer>> requestEach(Map<String, GatewayFrame> frames) {
        List<String> addresses = new ArrayList<>(frames.keySet());
        List<CompletableFuture<Answer>> replies = new ArrayList<>(frames.size());
        for (String address : addresses) {
            CompletableFuture<Answer> reply = requestValue(address, frames.get(address))
                    .thenApply(value -> new Answer(address, value));
            if (bestEffort) {
                reply = reply.exceptionally(e -> {
                    log.warn("best-effort fan-out: skipping gateway {}: {}", address, PhpGatewayApi.unwrap(e).getMessage());
                    return null;
                });
            }
            replies.add(reply);
        }
        return firstFailureInOrder(replies).thenApply(FanOut::phpOrder);
    }

    /** Waits for all; fails with the failure of the first future (in list order) that failed. */
    private static <T> CompletableFuture<List<T>> firstFailureInOrder(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).handle((v, e) -> {
            List<T> results = new ArrayList<>(futures.size());
            for (CompletableFuture<T> f : futures) {
                results.add(f.join()); // throws the first failure in list order
            }
            return results;
        });
    }

    /** PHP merges replies grouped by gateway ip (first seen first), then in address order within an ip. */
    private static List<Answer> phpOrder(List<Answer> answers) {
        Map<Long, List<Answer>> byIp = new LinkedHashMap<>();
        for (Answer a : answers) {
            if (a != null) {
                byIp.computeIfAbsent(a.ip, k -> new ArrayList<>()).add(a);
            }
        }
        List<Answer> ordered = new ArrayList<>(answers.size());
        byIp.values().forEach(ordered::addAll);
        return ordered;
    }

    interface InfoVisitor {
        void visit(Answer answer, Object connectionId, PhpArray info);
    }

    static void forEachInfo(List<Answer> answers, InfoVisitor visitor) {
        for (Answer a : answers) {
            if (a.value instanceof PhpArray) {
                ((PhpArray) a.value).forEach((connectionId, info) -> {
                    if (info instanceof PhpArray) {
                        visitor.visit(a, connectionId, (PhpArray) info);
                    }
                });
            }
        }
    }

    static Object clientIdMap(List<Answer> answers) {
        PhpArray ids = new PhpArray();
        for (Answer a : answers) {
            if (a.value instanceof PhpArray) {
                for (Object connectionId : ((PhpArray) a.value).keySet()) {
                    String id = a.clientId(connectionId);
                    ids.put(id, id);
                }
            }
        }
        return ids;
    }

    static Object uidMap(List<Answer> answers) {
        PhpArray uids = new PhpArray();
        forEachInfo(answers, (a, connectionId, info) -> {
            Object uid = info.get("uid");
            if (!PhpValues.isEmpty(uid) && PhpValues.isScalar(uid)) {
                uids.put(uid, uid);
            }
        });
        return uids;
    }
}
