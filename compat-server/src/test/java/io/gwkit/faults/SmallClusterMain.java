package io.gwkit.faults;

import io.gwkit.gateway.GatewayServer;
import io.gwkit.register.RegisterServer;
import io.gwkit.worker.BusinessWorker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM: register, one text gateway and an echo worker on loopback, ephemeral ports. Prints
 * {@code LISTENING <text port>} once the worker is connected; stops cleanly when stdin closes.
 */
public final class SmallClusterMain {

    private SmallClusterMain() {
    }

    public static void main(String[] args) throws Exception {
        try (RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build()) {
            String registerAddress = "127.0.0.1:" + register.start().getPort();
            try (GatewayServer gateway = GatewayServer.builder().name("fd").listen("text://127.0.0.1:0")
                    .lanPort(0).register(registerAddress).build()) {
                gateway.start().get(60, TimeUnit.SECONDS);
                try (BusinessWorker worker = BusinessWorker.builder().registerAddress(registerAddress)
                        .handler(new EchoHandler("echo")).build().start()) {
                    if (!worker.awaitConnected(List.of(gateway.announcedAddress()), Duration.ofSeconds(60))) {
                        throw new IllegalStateException("worker did not connect");
                    }
                    while (gateway.workerCount() == 0) {
                        Thread.sleep(10);
                    }
                    System.out.println("LISTENING " + gateway.listenerAddresses().get(0).getPort());
                    ChildJvm.awaitParentClose();
                }
            }
        }
    }
}
