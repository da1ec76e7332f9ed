package io.gwkit.gateway.internal;

import io.gwkit.protocol.RegisterMessage;
import io.gwkit.protocol.RegisterSession;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's connection to one register: a {@link RegisterSession} that announces the inner address
 * ({@code gateway_connect}) on every (re)connection.
 */
public final class RegisterLink {

    private static final Logger log = LoggerFactory.getLogger(RegisterLink.class);

    private final RegisterSession session;

    public RegisterLink(String registerAddress, EventLoopGroup group, String innerAddress, String secretKey,
                        Duration reconnectDelay, Duration keepalive) {
        this.session = RegisterSession.builder(group, new RegisterMessage.GatewayConnect(innerAddress, secretKey))
                .register(registerAddress)
                .name("gateway " + innerAddress)
                .reconnectDelay(reconnectDelay)
                .keepalive(keepalive)
                .listener(new RegisterSession.Listener() {
                    @Override
                    public void received(String register, RegisterMessage message) {
                        // a register sends nothing to gateways
                        log.warn("register {} says: {}", register, message.toLine());
                    }
                })
                .build();
    }

    /** Completes when the address has been announced once. */
    public CompletableFuture<Void> start() {
        return session.start();
    }

    public void stop() {
        session.close();
    }
}
