package io.gwkit.cli;

import io.gwkit.gateway.ClientProtocol;
import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayServer;
import io.gwkit.gateway.Listener;
import io.gwkit.gateway.Router;
import io.gwkit.gateway.SlowClientPolicy;
import io.gwkit.gateway.Tls;
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

    @Mixin
    SharedOptions.Register register;

    @Option(names = "--listen", paramLabel = "<proto://host:port>", required = true,
            description = "Client listener: text://, frame://, websocket://, tcp://; with TLS wss://, ssl:// "
                    + "(tcp), text+tls://, frame+tls:// (repeatable; plain and TLS side by side); or the scheme of an "
                    + "io.gwkit.gateway.ClientProtocol that a --classpath jar registers in META-INF/services.")
    List<String> listeners;

    @Option(names = "--lan-ip", paramLabel = "<ip>", defaultValue = "127.0.0.1",
            description = "IPv4 address workers reach this gateway on (default: ${DEFAULT-VALUE}).")
    String lanIp;

    @Option(names = "--inner-port", paramLabel = "<port>", defaultValue = "2900",
            description = "Inner port, announced and bound (default: ${DEFAULT-VALUE}; 0 = any free port); shard i "
                    + "uses PORT + i.")
    int innerPort;

    @Option(names = "--count", paramLabel = "<n>",
            description = "Shards, like PHP's $gateway->count: N event loops, each with its own clients and inner port "
                    + "(--inner-port + i), announced to the register as N gateways (default: the number of cores).")
    Integer count;

    @Option(names = "--inner-bind", paramLabel = "<host:port>",
            description = "Bind the inner listener here instead of lan-ip:inner-port (still announcing those).")
    String innerBind;

    @Mixin
    SharedOptions.Secret secret;

    @Option(names = "--name", defaultValue = "gateway", description = "Name used in logs.")
    String name;

    @Option(names = "--router", defaultValue = "LEAST_CONNECTIONS",
            description = "Worker choice for new clients: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Router router;

    @Option(names = "--ping-interval", paramLabel = "<seconds>", defaultValue = "0",
            description = "Client heartbeat interval in seconds (0 = off).")
    int pingInterval;

    @Option(names = "--ping-limit", paramLabel = "<n>", defaultValue = "0",
            description = "Missed heartbeats before a client is closed (0 = only send).")
    int pingLimit;

    @Option(names = "--ping-data", paramLabel = "<text>", defaultValue = "", description = "Heartbeat payload.")
    String pingData;

    @Option(names = "--client-send-buffer", paramLabel = "<bytes>", defaultValue = "1048576",
            description = "Unsent bytes per client before the senders to it are paused (default: ${DEFAULT-VALUE}).")
    long clientSendBuffer;

    @Option(names = "--slow-client", paramLabel = "<policy>", defaultValue = "close",
            description = "What a listener does with a client still over its send buffer after --slow-client-timeout: "
                    + "close, drop (new messages, keep the client) or block (wait as long as it takes); a listener's "
                    + "?slow-client= overrides it (default: ${DEFAULT-VALUE}).")
    SlowClientPolicy slowClient;

    @Option(names = "--slow-client-timeout", paramLabel = "<millis>", defaultValue = "10000",
            description = "How long a slow client may hold back the worker or GatewayClient sending to it; 0: the "
                    + "policy applies at once, as Workerman (default: ${DEFAULT-VALUE}).")
    long slowClientTimeout;

    @Option(names = "--worker-gap-events", paramLabel = "<n>", defaultValue = "10000",
            description = "Client events held while no worker is connected (default: ${DEFAULT-VALUE}).")
    int workerGapEvents;

    @Option(names = "--worker-gap-bytes", paramLabel = "<bytes>", defaultValue = "16777216",
            description = "Message bytes held while no worker is connected (default: ${DEFAULT-VALUE}).")
    long workerGapBytes;

    @Option(names = "--worker-gap-timeout", paramLabel = "<millis>", defaultValue = "10000",
            description = "How long events are held for a worker before their clients are closed; 0: hold nothing, "
                    + "as PHP (default: ${DEFAULT-VALUE}).")
    long workerGapTimeout;

    @Mixin
    TlsOptions tlsOptions;

    @Option(names = "--capture-compatible-handshake",
            description = "Send workers the websocket handshake data (cmd 205) as Workerman 4.0.19 did, without "
                    + "REMOTE_ADDR/REMOTE_PORT (what the conformance captures hold).")
    boolean captureCompatibleHandshake;

    @Option(names = "--jmx", paramLabel = "<port>",
            description = "Serve this JVM's MBeans over JMX on 127.0.0.1:PORT for gw bench connections --jmx (user gw, "
                    + "password from GW_JMX_PASSWORD or generated and printed; off by default, see --metrics).")
    Integer jmxPort;

    @Option(names = "--hooks", paramLabel = "<class>",
            description = "Gateway hooks (start_gateway.php's callbacks): a class implementing "
                    + "io.gwkit.gateway.GatewayHooks, from --classpath. Default: the one GatewayHooks the --classpath "
                    + "jars register in META-INF/services, or none.")
    String hooks;

    @Option(names = "--hook-timeout", paramLabel = "<ms>", defaultValue = "5000",
            description = "How long an asynchronous websocket handshake hook may take before the client gets 503 "
                    + "(default: ${DEFAULT-VALUE} ms).")
    long hookTimeoutMs;

    /** Where gateway hooks come from (--hooks, or the one GatewayHooks the jars register). */
    @Mixin
    ClassPathOption classpath;

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
                .count(count != null ? count : Runtime.getRuntime().availableProcessors())
                .secretKey(secret.key)
                .insecureNoSecret(insecure.insecureNoSecret)
                .router(router)
                .pingInterval(Duration.ofSeconds(pingInterval))
                .pingNotResponseLimit(pingLimit)
                .pingData(pingData);
        try {
            b.clientSendBufferLimit(clientSendBuffer)
                    .slowClient(slowClient,
                            Duration.ofMillis(slowClientTimeout))
                    .workerGap(workerGapEvents, workerGapBytes, Duration.ofMillis(workerGapTimeout));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--client-send-buffer > 0, "
                    + "--slow-client-timeout and --worker-gap-* >= 0: " + e.getMessage());
        }
        b.captureCompatibleHandshakeData(captureCompatibleHandshake);
        Tls tls = tlsOptions.tls(spec);
        // custom client protocols: every ClientProtocol the --classpath jars register (META-INF/services)
        List<ClientProtocol> protocols = new java.util.ArrayList<>();
        try {
            java.util.ServiceLoader.load(ClientProtocol.class, classpath.classLoader()).forEach(protocols::add);
        } catch (java.util.ServiceConfigurationError e) {
            throw new ParameterException(spec.commandLine(), "cannot load a ClientProtocol: " + e.getMessage());
        }
        try {
            protocols.forEach(b::protocol);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Listener> parsed = new java.util.ArrayList<>();
        for (String l : listeners) {
            try {
                parsed.add(Listener.parse(l, protocols));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        // --tls-cert with only plain schemes secures every listener (as before wss:// and ssl:// existed)
        boolean anySecure = parsed.stream().anyMatch(Listener::secure);
        for (Listener listener : parsed) {
            b.listen(tls != null && !anySecure ? listener.withTls(tls) : listener);
        }
        if (tls != null) {
            b.tls(tls).tlsReloadCheck(Duration.ofSeconds(tlsOptions.reloadCheckSeconds));
        } else if (anySecure) {
            throw new ParameterException(spec.commandLine(), "a TLS listener (wss://, ssl://, +tls) needs --tls-cert");
        }
        register.addresses.forEach(r -> b.register(HostPort.parse(r, spec).host() + ":" + HostPort.parse(r, spec).port()));
        if (innerBind != null) {
            HostPort hp = HostPort.parse(innerBind, spec);
            b.innerBind(hp.host(), hp.port());
        }
        ClassPathOption.AppClass<GatewayHooks> found = classpath.find(GatewayHooks.class, hooks, "--hooks", false);
        if (found != null) {
            b.hooks(found.instances().get());
        }
        try {
            b.hookTimeout(Duration.ofMillis(hookTimeoutMs));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--hook-timeout: " + e.getMessage());
        }
        GatewayServer gateway = b.build();
        gateway.start().get(30, TimeUnit.SECONDS);
        metrics.start(spec, gateway, admin -> admin.gateway(gateway));
        String clients = gateway.listenerAddresses().stream().map(a -> a.getHostString() + ":" + a.getPort())
                .collect(Collectors.joining(", "));
        spec.commandLine().getOut().println("gateway " + name + " listening on " + clients + "; inner "
                + String.join(", ", gateway.announcedAddresses()) + "; registered with "
                + String.join(", ", register.addresses));
        spec.commandLine().getOut().flush();
        lifecycle.await(metrics.closing(gateway));
        return Gw.EXIT_OK;
    }
}
