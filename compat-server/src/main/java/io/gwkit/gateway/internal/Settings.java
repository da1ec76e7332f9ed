package io.gwkit.gateway.internal;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.Listener;
import io.gwkit.gateway.Router;
import java.time.Duration;
import java.util.List;

/** A gateway's validated configuration, as the internals see it ({@code count}: shards, one event loop each). */
public record Settings(
        String name,
        List<Listener> listeners,
        String lanIp,
        int lanPort,
        String innerBindHost,
        int innerBindPort,
        List<String> registerAddresses,
        String secretKey,
        Router router,
        Duration pingInterval,
        int pingNotResponseLimit,
        byte[] pingData,
        int maxInnerFrameLength,
        long clientSendBufferLimit,
        long workerSendBufferLimit,
        Duration registerReconnectDelay,
        Duration keepaliveInterval,
        String serverHeader,
        Duration innerAuthTimeout,
        Duration websocketHandshakeTimeout,
        int count,
        GatewayHooks hooks,
        Duration hookTimeout,
        Duration tlsReloadCheck,
        boolean captureCompatibleHandshakeData,
        WorkerGap workerGap) {

    /**
     * How much the gateway holds for the workers while none is connected: at most {@code events} events of
     * {@code bytes} in all, none older than {@code timeout}; zero timeout holds nothing (PHP's behaviour).
     */
    public record WorkerGap(int events, long bytes, Duration timeout) {
    }
}
