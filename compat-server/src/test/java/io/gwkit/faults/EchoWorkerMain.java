package io.gwkit.faults;

import io.gwkit.worker.BusinessWorker;

/**
 * Child JVM: one BusinessWorker with an {@link EchoHandler}. Args: register addresses (comma-separated), name, and
 * optionally the handler's delay per message in ms (then each message is also printed as {@code HANDLED <message>})
 * and the handler threads (0: handlers on the I/O thread).
 */
public final class EchoWorkerMain {

    private EchoWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        long delayMillis = args.length > 2 ? Long.parseLong(args[2]) : 0;
        java.util.function.Consumer<String> handled = args.length > 2 ? m -> System.out.println("HANDLED " + m)
                : m -> { };
        int handlerThreads = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        BusinessWorker.Builder b = BusinessWorker.builder().name(args[1]).handlerThreads(handlerThreads)
                .handler(new EchoHandler(args[1], delayMillis, handled));
        for (String register : args[0].split(",")) {
            b.registerAddress(register);
        }
        try (BusinessWorker worker = b.build().start()) {
            System.out.println("STARTED");
            ChildJvm.awaitParentClose();
        }
    }
}
