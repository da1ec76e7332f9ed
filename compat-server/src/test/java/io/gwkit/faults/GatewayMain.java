package io.gwkit.faults;

import io.gwkit.gateway.GatewayServer;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM: one text gateway. Args: register address, text port, inner port (0 = any). Prints
 * {@code LISTENING <text port> <inner port>} once the register has it, {@code SERVED} once a worker is connected.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        try (GatewayServer gateway = GatewayServer.builder().name("child").listen("text://127.0.0.1:" + args[1])
                .lanPort(Integer.parseInt(args[2])).register(args[0]).build()) {
            gateway.start().get(60, TimeUnit.SECONDS);
            System.out.println("LISTENING " + gateway.listenerAddresses().get(0).getPort() + " "
                    + gateway.innerAddress().getPort());
            while (gateway.workerCount() == 0) {
                Thread.sleep(10);
            }
            System.out.println("SERVED");
            ChildJvm.awaitParentClose();
        }
    }
}
