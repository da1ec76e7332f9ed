package io.gwkit.cli;

import io.gwkit.gateway.GatewayServer;
import io.gwkit.gateway.Listener;
import io.gwkit.gateway.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gw gateway}: run a Gateway until Ctrl-C / SIGTERM. */
@Command(name = "gateway",
        header = "Run a Gateway (client listeners + inner port for workers).",
        description = "Runs a GatewayWorker-compatible Gateway: announces lanIp:inner-port to every register, "
                + "accepts BusinessWorkers and GatewayClient calls on the inner port, and end clients on each "
                + "--listen address. Stops cleanly on Ctrl-C / SIGTERM (clients are closed).")
public final class GatewayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    final RunUntilStopped lifecycle = new RunUntilStopped();

    @Option(names = "--register", paramLabel = "HOST:PORT", required = true,
            description = "Register address (repeatable).")
    List<String> registers;

    @Option(names = "--listen", paramLabel = "PROTO://HOST:PORT", required = true,
            description = "Client listener: text://, frame://, websocket://, tcp:// (repeatable).")
    List<String> listeners;

    @Option(names = "--lan-ip", paramLabel = "IP", defaultValue = "127.0.0.1",
            description = "IPv4 address workers reach this gateway on (default: ${DEFAULT-VALUE}).")
    String lanIp;

    @Option(names = "--inner-port", paramLabel = "PORT", defaultValue = "2900",
            description = "Inner port, announced and bound (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int innerPort;

    @Option(names = "--inner-bind", paramLabel = "HOST:PORT",
            description = "Bind the inner listener here instead of lan-ip:inner-port (still announcing those).")
    String innerBind;

    @Option(names = "--secret", paramLabel = "KEY", defaultValue = "", description = "Cluster secret key.")
    String secret;

    @Option(names = "--name", defaultValue = "gateway", description = "Name used in logs.")
    String name;

    @Option(names = "--router", defaultValue = "LEAST_CONNECTIONS",
            description = "Worker choice for new clients: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Router router;

    @Option(names = "--ping-interval", paramLabel = "SECONDS", defaultValue = "0",
            description = "Client heartbeat interval in seconds (0 = off).")
    int pingInterval;

    @Option(names = "--ping-limit", paramLabel = "N", defaultValue = "0",
            description = "Missed heartbeats before a client is closed (0 = only send).")
    int pingLimit;

    @Option(names = "--ping-data", paramLabel = "TEXT", defaultValue = "", description = "Heartbeat payload.")
    String pingData;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate chain for TLS listeners (wss/tls).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "PKCS#8 private key for TLS listeners.")
    Path tlsKey;

    @Option(names = "--jmx", paramLabel = "<port>",
            description = "Serve this JVM's MBeans over JMX on 127.0.0.1:PORT for gw bench connections --jmx (user gw, "
                    + "password from GW_JMX_PASSWORD or generated and printed; off by default, see --metrics).")
    Integer jmxPort;

    @Mixin
    ConfigOption config;

    @Mixin
    InsecureOption insecure;

    @Mixin
    MetricsOption metrics;

    @Override
    public Integer call() throws Exception {
        if (jmxPort != null) {
            JmxAgent.startFor(jmxPort, spec.commandLine().getErr());
        }
        GatewayServer.Builder b = GatewayServer.builder()
                .name(name)
                .lanIp(lanIp)
                .lanPort(innerPort)
                .secretKey(secret)
                .insecureNoSecret(insecure.insecureNoSecret)
                .router(router)
                .pingInterval(Duration.ofSeconds(pingInterval))
                .pingNotResponseLimit(pingLimit)
                .pingData(pingData);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
        }
        for (String l : listeners) {
            Listener listener;
            try {
                listener = Listener.parse(l);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            b.listen(tlsCert != null ? listener.withTls(tlsCert, tlsKey) : listener);
        }
        registers.forEach(r -> b.register(HostPort.parse(r, spec).host() + ":" + HostPort.parse(r, spec).port()));
        if (innerBind != null) {
            HostPort hp = HostPort.parse(innerBind, spec);
            b.innerBind(hp.host(), hp.port());
        }
        GatewayServer gateway = b.build();
        gateway.start().get(30, TimeUnit.SECONDS);
        metrics.start(spec, gateway, admin -> admin.gateway(gateway));
        String clients = gateway.listenerAddresses().stream().map(a -> a.getHostString() + ":" + a.getPort())
                .collect(Collectors.joining(", "));
        spec.commandLine().getOut().println("gateway " + name + " listening on " + clients + "; inner "
                + gateway.announcedAddress() + "; registered with " + String.join(", ", registers));
        spec.commandLine().getOut().flush();
        lifecycle.await(metrics.closing(gateway));
        return Gw.EXIT_OK;
    }
}
