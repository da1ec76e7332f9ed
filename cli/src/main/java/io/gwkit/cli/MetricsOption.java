package io.gwkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The {@code --metrics HOST:PORT} option every node role shares (a picocli mixin). */
final class MetricsOption {

    @Option(names = "--metrics", paramLabel = "<host:port>",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics, this process's node figures as JSON "
                    + "at /status (read by gw status --node) and /health. Bind it to loopback or a private network.")
    String address;

    private AdminServer running;

    /** Starts the admin server when {@code --metrics} was given (printing where on stderr), else returns null. */
    AdminServer start(CommandSpec spec) throws IOException {
        if (address == null) {
            return null;
        }
        HostPort hp = HostPort.parse(address, spec);
        AdminServer admin = AdminServer.start(hp.host(), hp.port());
        running = admin;
        PrintWriter err = spec.commandLine().getErr();
        err.println("metrics http://" + hp.host() + ":" + admin.address().getPort() + "/metrics");
        err.flush();
        return admin;
    }

    /**
     * Starts the admin server when {@code --metrics} was given and lets {@code bind} expose the started node's
     * figures on it; if either fails, closes {@code node} (already running) before throwing.
     */
    void start(CommandSpec spec, AutoCloseable node, Consumer<AdminServer> bind) throws Exception {
        try {
            AdminServer admin = start(spec);
            if (admin != null) {
                bind.accept(admin);
            }
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    /** Closes {@code node}, then the admin server if one was started (for RunUntilStopped). */
    AutoCloseable closing(AutoCloseable node) {
        return () -> {
            try {
                node.close();
            } finally {
                if (running != null) {
                    running.close();
                }
            }
        };
    }
}
