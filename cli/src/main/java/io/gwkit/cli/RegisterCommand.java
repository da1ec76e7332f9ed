package io.gwkit.cli;

import io.gwkit.register.RegisterServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gw register}: run a Register until Ctrl-C / SIGTERM. */
@Command(name = "register",
        header = "Run a Register (the cluster's address book).",
        description = "Runs a GatewayWorker-compatible Register until interrupted (Ctrl-C / SIGTERM).")
public final class RegisterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    final RunUntilStopped lifecycle = new RunUntilStopped();

    @Option(names = "--listen", paramLabel = "<host:port>", defaultValue = "127.0.0.1:1236",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; another address needs a secret or "
                    + "--insecure-no-secret).")
    String listen;

    @Mixin
    SharedOptions.Secret secret;

    @Mixin
    ConfigOption config;

    @Mixin
    InsecureOption insecure;

    @Mixin
    MetricsOption metrics;

    @Override
    public Integer call() throws Exception {
        HostPort hp = HostPort.parse(listen, spec);
        RegisterServer register = RegisterServer.builder().listen(hp.host(), hp.port()).secretKey(secret.key)
                .insecureNoSecret(insecure.insecureNoSecret).build();
        InetSocketAddress bound = register.start();
        metrics.start(spec, register, admin -> admin.register(register));
        spec.commandLine().getOut().println("register listening on " + hp.host() + ":" + bound.getPort());
        spec.commandLine().getOut().flush();
        lifecycle.await(metrics.closing(register));
        return Gw.EXIT_OK;
    }
}
