package io.gwkit.faults;

import io.gwkit.worker.BusinessWorker;

/** Child JVM: one BusinessWorker with an {@link EchoHandler}. Args: register address, worker name. */
public final class EchoWorkerMain {

    private EchoWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (BusinessWorker worker = BusinessWorker.builder().registerAddress(args[0]).name(args[1])
                .handler(new EchoHandler(args[1])).build().start()) {
            System.out.println("STARTED");
            ChildJvm.awaitParentClose();
        }
    }
}
