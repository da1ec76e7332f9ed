package io.gwkit.cli;

import io.gwkit.worker.BusinessWorker;
import io.gwkit.worker.DemoApp;
import io.gwkit.worker.EventHandler;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gw worker}: BusinessWorker processes joining a (Java or PHP) cluster through its register. */
@Command(name = "worker",
        header = "Run BusinessWorkers that join a cluster through its register.",
        description = "Subscribes to the register(s), connects to every gateway they list and runs the handler "
                + "for the gateways' client events, until Ctrl-C / SIGTERM (events already received finish first).")
public final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--register", required = true, paramLabel = "<host:port>",
            description = "Register address; repeat for several registers.")
    List<String> registers = new ArrayList<>();

    @Option(names = "--app", paramLabel = "<demo|class>", defaultValue = "demo",
            description = "Handler: 'demo' (the conformance demo app) or the name of a class implementing "
                    + "io.gwkit.worker.EventHandler with a public no-argument constructor. Default: ${DEFAULT-VALUE}.")
    String app;

    @Option(names = "--name", paramLabel = "<name>", defaultValue = "BusinessWorker",
            description = "Worker name; worker_key is <name>:<index>. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--count", paramLabel = "<n>", defaultValue = "1",
            description = "Number of workers (indexes 0..n-1), like PHP's count. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--secret", paramLabel = "<key>", defaultValue = "",
            description = "Cluster secret key (empty: none).")
    String secret;

    /** Released to stop; tests release it instead of sending a signal. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        List<BusinessWorker> workers = new ArrayList<>();
        AutoCloseable closeAll = () -> workers.forEach(BusinessWorker::close);
        try {
            for (int i = 0; i < count; i++) {
                workers.add(BusinessWorker.builder()
                        .registerAddresses(registers)
                        .name(name)
                        .index(i)
                        .secretKey(secret)
                        .handler(handler(app))
                        .build()
                        .start());
            }
        } catch (RuntimeException e) {
            closeAll.close();
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("worker " + name + " x" + count + " (" + app + ") subscribed to register " + String.join(", ", registers));
        out.flush();
        Foreground.run(stop, closeAll);
        return Gw.EXIT_OK;
    }

    EventHandler handler(String app) {
        if (app.equals("demo")) {
            return new DemoApp();
        }
        try {
            Class<?> type = Class.forName(app);
            if (!EventHandler.class.isAssignableFrom(type)) {
                throw new ParameterException(spec.commandLine(), app + " does not implement " + EventHandler.class.getName());
            }
            return (EventHandler) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ParameterException(spec.commandLine(), "cannot load handler " + app + ": " + e);
        }
    }
}
