package io.gwkit.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.client.GatewayClient;
import io.gwkit.client.RegisterUnavailableException;
import io.gwkit.gateway.GatewayServer;
import io.gwkit.register.RegisterServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Issue #19 item 6: errors say what went wrong and what to do. */
@Tag("socket")
class ErrorMessagesTest {

    private static GatewayClient client(InetSocketAddress register, String secret) {
        return GatewayClient.builder().registerAddress("127.0.0.1:" + register.getPort()).secretKey(secret)
                .replyTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void aWrongOrMissingSecretSaysAuthenticationFailed() throws Exception {
        RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).secretKey("right").build();
        try {
            InetSocketAddress address = register.start();
            for (String secret : new String[] {"wrong", ""}) {
                try (GatewayClient client = client(address, secret)) {
                    RegisterUnavailableException e = assertThrows(RegisterUnavailableException.class,
                            client::getAllClientIdCount);
                    assertTrue(e.getMessage().contains("authentication failed: wrong or missing secret key"),
                            e.getMessage());
                }
            }
        } finally {
            register.close();
        }
    }

    @Test
    void aRegisterWithoutGatewaysSaysWhyItListsNone() throws Exception {
        RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).secretKey("").build();
        try (GatewayClient client = client(register.start(), "")) {
            RegisterUnavailableException e = assertThrows(RegisterUnavailableException.class,
                    client::getAllClientIdCount);
            assertTrue(e.getMessage().contains("is up but lists no gateway: no gateway has registered with it"),
                    e.getMessage());
        } finally {
            register.close();
        }
    }

    @Test
    void aBindFailureNamesTheBusyAddressAndTheRole() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            RegisterServer register = RegisterServer.builder().listen("127.0.0.1", port).secretKey("").build();
            IllegalStateException e = assertThrows(IllegalStateException.class, register::start);
            assertEquals("cannot listen on 127.0.0.1:" + port + " for the register: address already in use (another"
                    + " process listens there: stop it or choose another port)", e.getMessage());
            // whatever the transport threw, a caller that retries on another port finds a BindException as cause
            assertTrue(e.getCause() instanceof java.net.BindException, String.valueOf(e.getCause()));

            GatewayServer gateway = GatewayServer.builder().name("g").register("127.0.0.1:1").lanIp("127.0.0.1")
                    .lanPort(0).listen("text://127.0.0.1:" + port).build();
            e = assertThrows(IllegalStateException.class, gateway::start);
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port
                    + " for gateway g's text clients: address already in use"), e.getMessage());
        }
    }
}
