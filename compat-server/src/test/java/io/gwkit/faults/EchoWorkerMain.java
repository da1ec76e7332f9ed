package io.gwkit.faults;

import io.gwkit.worker.BusinessWorker;

/**
 * Child JVM: one BusinessWorker with an {@link EchoHandler}. Args: register addresses (comma-separated), name, and
 * optionally the handler's delay per message in ms.
 */
public final class EchoWorkerMain {

    private EchoWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        BusinessWorker.Builder b = BusinessWorker.builder().name(args[1]).handler(new EchoHandler(args[1],
                args.length > 2 ? Long.parseLong(args[2]) : 0));
        for (String register : args[0].split(",")) {
            b.registerAddress(register);
        }
        try (BusinessWorker worker = b.build().start()) {
            System.out.println("STARTED");
            ChildJvm.awaitParentClose();
        }
    }
}
