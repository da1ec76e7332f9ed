package io.gwkit.faults;

import io.gwkit.gateway.GatewayServer;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM: one text gateway on a host address (a network namespace). Args: register addresses (comma-separated),
 * host. Prints
 * {@code LISTENING <text port> <inner port>} once the register has it.
 */
public final class HostGatewayMain {

    private HostGatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        GatewayServer.Builder b = GatewayServer.builder().name("host").listen("text://" + args[1] + ":0")
                .lanIp(args[1]).lanPort(0).insecureNoSecret(true); // a private test network namespace
        for (String register : args[0].split(",")) {
            b.register(register);
        }
        try (GatewayServer gateway = b.build()) {
            gateway.start().get(60, TimeUnit.SECONDS);
            System.out.println("LISTENING " + gateway.listenerAddresses().get(0).getPort() + " "
                    + gateway.innerAddress().getPort());
            ChildJvm.awaitParentClose();
        }
    }
}
