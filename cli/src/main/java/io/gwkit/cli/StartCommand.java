package io.gwkit.cli;

import io.gwkit.cluster.LocalCluster;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gw start}: a whole demo cluster in one JVM (README's "run" command). */
@Command(name = "start",
        header = "Run a whole cluster in one process: register, text and websocket gateways, demo worker.",
        description = "Starts a Register, a text Gateway, a websocket Gateway and a BusinessWorker running the demo "
                + "app, in that order, prints where each listens, and runs until Ctrl-C / SIGTERM (clean stop).")
public final class StartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--register-port", paramLabel = "<port>", defaultValue = "1236",
            description = "Register port. Default: ${DEFAULT-VALUE}.")
    int registerPort;

    @Option(names = "--text-port", paramLabel = "<port>", defaultValue = "8282",
            description = "Text-protocol client port. Default: ${DEFAULT-VALUE}.")
    int textPort;

    @Option(names = "--ws-port", paramLabel = "<port>", defaultValue = "8283",
            description = "WebSocket client port. Default: ${DEFAULT-VALUE}.")
    int wsPort;

    @Option(names = "--inner-port", paramLabel = "<port>", defaultValue = "2900",
            description = "Inner (worker) port of the text gateway; the websocket gateway uses the next one. "
                    + "Default: ${DEFAULT-VALUE}.")
    int innerPort;

    @Option(names = "--lan-ip", paramLabel = "<ip>", defaultValue = "127.0.0.1",
            description = "Address workers and GatewayClients reach the gateways on. Default: ${DEFAULT-VALUE}.")
    String lanIp;

    @Option(names = "--secret", paramLabel = "<key>", defaultValue = "",
            description = "Cluster secret key (empty: none).")
    String secret;

    // Defaults: the lean threading, fewest CPU cycles per message (docs/BENCHMARKS.md); the demo app's
    // handlers never block, so running them on the I/O thread holds nobody up.
    @Option(names = "--gateway-io-threads", paramLabel = "<n>", defaultValue = "0",
            description = "Client event-loop threads per gateway; 0 runs each gateway on one thread, as PHP's "
                    + "gateway process (fewest CPU cycles per message); -1: Netty's default (2 x cores). "
                    + "Default: ${DEFAULT-VALUE}.")
    int gatewayIoThreads;

    @Option(names = "--handler-threads", paramLabel = "<n>", defaultValue = "0",
            description = "Threads running the demo app's handlers; 0 runs them on the worker's I/O thread, one "
                    + "event at a time, as PHP's worker process; -1: the worker's default, max(4, 2 x cores). "
                    + "Default: ${DEFAULT-VALUE}.")
    int handlerThreads;
    @Option(names = "--jmx", paramLabel = "<port>",
            description = "Serve this JVM's MBeans over JMX on 127.0.0.1:PORT (no auth; for gw bench connections --jmx).")
    Integer jmxPort;

    @Mixin
    ConfigOption config;

    @Mixin
    MetricsOption metrics;

    /** Stopped by a signal, or by tests through {@link RunUntilStopped#stop()}. */
    final RunUntilStopped lifecycle = new RunUntilStopped();

    @Override
    public Integer call() throws Exception {
        if (jmxPort != null) {
            spec.commandLine().getErr().println("jmx " + JmxAgent.start(jmxPort).serviceUrl());
        }
        LocalCluster cluster = LocalCluster.builder()
                .gatewayIoThreads(gatewayIoThreads)
                .handlerThreads(handlerThreads)
                .registerPort(registerPort)
                .textPort(textPort)
                .wsPort(wsPort)
                .lanIp(lanIp)
                .innerPort(innerPort)
                .secretKey(secret)
                .build()
                .start();
        metrics.start(spec, cluster, admin -> {
            admin.register(cluster.register());
            admin.gateway(cluster.textGateway());
            admin.gateway(cluster.wsGateway());
            cluster.workers().forEach(admin::worker);
        });
        PrintWriter out = spec.commandLine().getOut();
        out.println("register " + hostPort(cluster.registerAddress()) + ", text gateway " + hostPort(cluster.textAddress())
                + " (inner " + cluster.textInnerAddress() + "), websocket gateway ws://" + hostPort(cluster.wsAddress())
                + " (inner " + cluster.wsInnerAddress() + "), worker running the demo app");
        out.flush();
        lifecycle.await(metrics.closing(cluster));
        return Gw.EXIT_OK;
    }

    private static String hostPort(java.net.InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
