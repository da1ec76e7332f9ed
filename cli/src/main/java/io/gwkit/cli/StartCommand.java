package io.gwkit.cli;

import io.gwkit.cluster.LocalCluster;
import io.gwkit.gateway.GatewayHooks;
import io.gwkit.worker.EventHandler;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gw start}: a whole demo cluster in one JVM (README's "run" command). */
@Command(name = "start",
        header = "Run a whole cluster in one process: register, text and websocket gateways, demo worker.",
        description = {
            "Starts a Register, a text Gateway, a websocket Gateway and a BusinessWorker running the demo app, in "
                + "that order, prints where each listens and what the demo app answers, and runs until Ctrl-C / "
                + "SIGTERM (clean stop).",
            "The demo app: a client gets {\"type\":\"welcome\",\"client_id\":...} on connect; then it sends lines: "
                + "'bind U', 'join G', 'leave G', 'sess K V', 'say TEXT' (to everyone), anything else is echoed.",
            "--no-demo starts no worker: run your own with 'gw worker --register HOST:PORT --app ...'."})
public final class StartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "<ip>", defaultValue = "127.0.0.1",
            description = "Address the register and the client ports listen on; 0.0.0.0 for every interface "
                    + "(e.g. published from a container). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--no-demo", description = "Start no worker (the gateways wait for yours).")
    boolean noDemo;

    @Option(names = "--app", paramLabel = "<class>",
            description = "The worker's handler: a class implementing io.gwkit.worker.EventHandler (from --classpath) "
                    + "instead of the demo app. Default: the one EventHandler the --classpath jars register in "
                    + "META-INF/services, or the demo app without --classpath.")
    String app;

    @Option(names = "--hooks", paramLabel = "<class>",
            description = "Gateway hooks for both gateways: a class implementing io.gwkit.gateway.GatewayHooks (from "
                    + "--classpath), one instance per gateway. Default: the one GatewayHooks the --classpath jars "
                    + "register in META-INF/services, or none.")
    String hooks;

    @Mixin
    ClassPathOption classpath;

    @Mixin
    AppConfigOption appConfig;

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

    @Mixin
    SharedOptions.Secret secret;

    // Defaults: the lean threading, fewest CPU cycles per message (docs/BENCHMARKS.md); the demo app's
    // handlers never block, so running them on the I/O thread holds nobody up.
    @Option(names = "--count", paramLabel = "<n>", defaultValue = "1",
            description = "Shards per gateway, like PHP's $gateway->count: N event loops, each with its own clients and "
                    + "inner port, announced as N gateways; the websocket gateway's inner ports follow the text "
                    + "gateway's. Default: ${DEFAULT-VALUE} (each gateway on one thread, as one PHP gateway process).")
    int count;

    /** Gone: kept so that old command lines and config files still load, with a message. */
    @Option(names = "--gateway-io-threads", paramLabel = "<n>", hidden = true)
    Integer gatewayIoThreads;

    @Option(names = "--handler-threads", paramLabel = "<n>", defaultValue = "0",
            description = "Threads running the worker's handlers; 0: PHP's model, one event at a time on the worker's "
                    + "I/O thread; N > 0: a pool of N threads, one client's events still in order (for handlers "
                    + "that block on I/O). Default: ${DEFAULT-VALUE}.")
    int handlerThreads;

    @Option(names = "--worker-count", paramLabel = "<n>", defaultValue = "1",
            description = "Demo-app (or --app) workers, like PHP's BusinessWorker count: each an event loop with its "
                    + "own handler instance and worker_key. Default: ${DEFAULT-VALUE}.")
    int workerCount;
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

    /** Stopped by a signal, or by tests through {@link RunUntilStopped#stop()}. */
    final RunUntilStopped lifecycle = new RunUntilStopped();

    @Override
    public Integer call() throws Exception {
        if (jmxPort != null) {
            JmxAgent.startFor(jmxPort, spec.commandLine().getErr());
        }
        if (workerCount < 1) {
            throw new ParameterException(spec.commandLine(), "--worker-count must be at least 1");
        }
        if (gatewayIoThreads != null) {
            spec.commandLine().getErr().println("gw start: --gateway-io-threads (config key gateway-io-threads) has "
                    + "no effect any more: each gateway shard's event loop does its own clients' I/O; use --count");
        }
        String appName = "the demo app";
        LocalCluster.Builder builder = LocalCluster.builder();
        if (!noDemo && (app != null || classpath.isSet())) {
            ClassPathOption.AppClass<EventHandler> found = classpath.find(EventHandler.class, app, "--app", true);
            appName = found.name();
            builder.handler(found.instances());
        }
        builder.appConfig(appConfig.load());
        ClassPathOption.AppClass<GatewayHooks> foundHooks = classpath.find(GatewayHooks.class, hooks, "--hooks", false);
        if (foundHooks != null) {
            builder.gatewayHooks(foundHooks.instances());
        }
        LocalCluster cluster = builder
                .host(host)
                .workers(noDemo ? 0 : workerCount)
                .gatewayCount(count)
                .handlerThreads(handlerThreads)
                .registerPort(registerPort)
                .textPort(textPort)
                .wsPort(wsPort)
                .lanIp(lanIp)
                .innerPort(innerPort)
                .secretKey(secret.key)
                .insecureNoSecret(insecure.insecureNoSecret)
                .build()
                .start();
        metrics.start(spec, cluster, admin -> {
            admin.register(cluster.register());
            admin.gateway(cluster.textGateway());
            admin.gateway(cluster.wsGateway());
            cluster.workers().forEach(admin::worker);
        });
        PrintWriter out = spec.commandLine().getOut();
        String register = hostPort(cluster.registerAddress());
        String text = hostPort(cluster.textAddress());
        out.println("register " + register + ", text gateway " + text + " (inner " + cluster.textInnerAddress()
                + "), websocket gateway ws://" + hostPort(cluster.wsAddress()) + " (inner " + cluster.wsInnerAddress()
                + "), " + (noDemo ? "no worker" : (workerCount == 1 ? "worker " : "workers ") + cluster.workers().get(0).name() + ":0"
                + (workerCount == 1 ? "" : ".." + (workerCount - 1)) + " running " + appName));
        if (noDemo) {
            out.println("Start your worker: gw worker --register " + register + (secret.key.isEmpty() ? "" : " --secret ...")
                    + " --app <demo|webhook|class>");
        } else if (appName.equals("the demo app")) {
            out.println(DEMO_HELP.replace("TEXT", text.replace(':', ' ')));
        }
        out.println("Push from the API: gw call --register " + register + (secret.key.isEmpty() ? "" : " --secret ...")
                + " sendToAll hello   (gw call --help)");
        out.flush();
        lifecycle.await(metrics.closing(cluster));
        return Gw.EXIT_OK;
    }

    /** What the demo app does, for the user who has just typed gw start (README's "what to type next"). */
    static final String DEMO_HELP = "Talk to the demo app: nc TEXT (or a websocket client), then type lines: "
            + "'join g1', 'bind u1', 'sess k v', 'say hello all' (to every client), anything else is echoed back";

    /** host:port to connect to: a wildcard bind (0.0.0.0) is reached on 127.0.0.1 from this machine. */
    private static String hostPort(java.net.InetSocketAddress a) {
        String h = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return h + ":" + a.getPort();
    }
}
