package io.gwkit.worker.internal;

import io.gwkit.protocol.RegisterMessage;
import io.gwkit.protocol.RegisterSession;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's subscriptions to its registers: one {@link RegisterSession} per register ({@code worker_connect}
 * on every (re)connection, keepalive and reconnection as PHP does them). Every {@code broadcast_addresses} line
 * goes to the listener.
 */
public final class RegisterLinks {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterLinks.class);
    /** PHP's keepalive interval for registers not on 127.0.0.1. */
    public static final long DEFAULT_PING_INTERVAL_MILLIS = RegisterSession.DEFAULT_KEEPALIVE.toMillis();

    private final List<RegisterSession> sessions = new ArrayList<>();

    public RegisterLinks(EventLoopGroup group, List<String> addresses, String secretKey, long pingIntervalMillis,
                         Consumer<List<String>> onAddresses) {
        RegisterSession.Listener listener = new RegisterSession.Listener() {
            @Override
            public void connected(String register) {
                LOG.info("subscribed to register {}", register);
            }

            @Override
            public void received(String register, RegisterMessage message) {
                if (message instanceof RegisterMessage.BroadcastAddresses broadcast) {
                    onAddresses.accept(broadcast.addresses());
                } else {
                    LOG.warn("unexpected event from register {}: {}", register, message.toLine());
                }
            }
        };
        for (String address : addresses) {
            sessions.add(RegisterSession.builder(group, new RegisterMessage.WorkerConnect(secretKey))
                    .register(address)
                    .name("worker")
                    .keepalive(Duration.ofMillis(pingIntervalMillis))
                    .connectTimeout(Duration.ofMillis(InnerRequests.CONNECT_TIMEOUT_MILLIS))
                    .listener(listener)
                    .build());
        }
    }

    public void start() {
        sessions.forEach(RegisterSession::start);
    }

    public void close() {
        sessions.forEach(RegisterSession::close);
    }
}
