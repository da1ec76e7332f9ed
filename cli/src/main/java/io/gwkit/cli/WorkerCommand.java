package io.gwkit.cli;

import io.gwkit.http.WebhookHandler;
import io.gwkit.worker.AppConfig;
import io.gwkit.worker.BusinessWorker;
import io.gwkit.worker.DemoApp;
import io.gwkit.worker.EventHandler;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    SharedOptions.Register register;

    @Option(names = "--app", paramLabel = "<demo|webhook|class>",
            description = "Handler: 'demo' (the conformance demo app), 'webhook' (POST events to --webhook-url, "
                    + "see docs/HTTP.md) or the name of a class implementing io.gwkit.worker.EventHandler with a "
                    + "public no-argument constructor (from --classpath). Default: the one EventHandler the "
                    + "--classpath jars register in META-INF/services, or 'demo' without --classpath.")
    String app;

    @Mixin
    ClassPathOption classpath;

    @Mixin
    AppConfigOption appConfig;

    @Option(names = "--handler-threads", paramLabel = "<n>", defaultValue = "0",
            description = "0 (default): PHP's model, each worker handles one event at a time on its own thread; "
                    + "N > 0: handlers run on N threads per worker, one client's events still in order (for handlers "
                    + "that block on I/O; shared state must be thread-safe). --app webhook uses at least "
                    + "--webhook-concurrency threads.")
    int handlerThreads;

    @Option(names = "--process-timeout", paramLabel = "<seconds>", defaultValue = "10",
            description = "Log a handler call (event or timer) that runs longer than this, with its client and stack, "
                    + "as PHP's processTimeout (0: off). Default: ${DEFAULT-VALUE}.")
    double processTimeoutSeconds;

    @Option(names = "--send-to-gateway-buffer-size", paramLabel = "<bytes>", defaultValue = "10240000",
            description = "Unsent bytes toward one gateway past which the worker stops reading events until they "
                    + "drain below half (PHP's sendToGatewayBufferSize; nothing is dropped). "
                    + "Default: ${DEFAULT-VALUE}.")
    int sendToGatewayBufferSize;

    @Option(names = "--name", paramLabel = "<name>",
            description = "Worker name; worker_key is <name>:<index>. Two workers with one key replace each other "
                    + "at the gateways (PHP's rule), so the default is unique to this process: "
                    + "BusinessWorker-<host>-<pid>.")
    String name;

    @Option(names = "--count", paramLabel = "<n>",
            description = "Number of workers (indexes 0..n-1), like PHP's count: each an event loop with its own "
                    + "handler instance, worker_key and connection to every gateway. Default: the number of cores.")
    Integer count;

    @Mixin
    SharedOptions.Secret secret;

    @Option(names = "--webhook-url", paramLabel = "<url>",
            description = "With --app webhook: the web app endpoint every event is POSTed to.")
    String webhookUrl;

    @Option(names = "--webhook-secret", paramLabel = "<key>", defaultValue = "${env:GW_WEBHOOK_SECRET}",
            description = "With --app webhook: the key that signs events and authenticates the web app's answers "
                    + "(required; default: $GW_WEBHOOK_SECRET). See docs/HTTP.md.")
    String webhookSecret;

    @Option(names = "--webhook-allow-http",
            description = "With --app webhook: allow a plain-http --webhook-url off loopback (default: https only).")
    boolean webhookAllowHttp;

    @Option(names = "--webhook-concurrency", paramLabel = "<n>", defaultValue = "16",
            description = "With --app webhook: POSTs in flight per worker (default: ${DEFAULT-VALUE}).")
    int webhookConcurrency;

    @Option(names = "--webhook-timeout", paramLabel = "<seconds>", defaultValue = "10",
            description = "With --app webhook: connect/read timeout of one POST (default: ${DEFAULT-VALUE}).")
    int webhookTimeoutSeconds;

    @Mixin
    ConfigOption config;

    @Mixin
    MetricsOption metrics;

    /** One OkHttp client (connection pool) for the webhook handlers of every worker. */
    private OkHttpClient webhookHttp;

    /** Stopped by a signal, or by tests through {@link RunUntilStopped#stop()}. */
    final RunUntilStopped lifecycle = new RunUntilStopped();

    @Override
    public Integer call() throws Exception {
        if (name == null) {
            name = defaultName();
        }
        if (name.isEmpty() || name.contains(":")) {
            throw new ParameterException(spec.commandLine(), "--name must be non-empty and without ':' "
                    + "(worker_key is <name>:<index>)");
        }
        if (handlerThreads < 0 || processTimeoutSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--handler-threads and --process-timeout must be >= 0");
        }
        if (count == null) {
            count = Runtime.getRuntime().availableProcessors();
        }
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        if (sendToGatewayBufferSize < 2) {
            throw new ParameterException(spec.commandLine(), "--send-to-gateway-buffer-size must be at least 2");
        }
        Supplier<EventHandler> handlers = handlers(); // usage errors before anything is started
        AppConfig settings = appConfig.load();
        if ("webhook".equals(app)) {
            if (webhookUrl == null) {
                throw new ParameterException(spec.commandLine(), "--app webhook needs --webhook-url");
            }
            if (okhttp3.HttpUrl.parse(webhookUrl) == null) {
                throw new ParameterException(spec.commandLine(), "--webhook-url is not an http(s) URL: " + webhookUrl);
            }
            if (webhookConcurrency < 1 || webhookTimeoutSeconds < 1) {
                throw new ParameterException(spec.commandLine(),
                        "--webhook-concurrency and --webhook-timeout must be at least 1");
            }
            webhookHttp = WebhookHandler.defaultHttpClient(Duration.ofSeconds(webhookTimeoutSeconds));
            try {
                handlers.get(); // secret and URL checked before any worker starts
            } catch (IllegalStateException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        AutoCloseable closeHttp = () -> {
            if (webhookHttp != null) {
                webhookHttp.dispatcher().executorService().shutdown();
                webhookHttp.connectionPool().evictAll();
            }
        };
        BusinessWorker worker;
        try {
            worker = BusinessWorker.builder()
                    .handlerThreads(webhookHttp != null // a handler thread blocks during its POST
                            ? Math.max(handlerThreads, Math.max(4, webhookConcurrency)) : handlerThreads)
                    .processTimeout(Duration.ofMillis(Math.round(processTimeoutSeconds * 1000)))
                    .sendToGatewayBufferSize(sendToGatewayBufferSize)
                    .config(settings)
                    .registerAddresses(register.addresses)
                    .name(name)
                    .count(count)
                    .secretKey(secret.key)
                    .handlers(handlers)
                    .build()
                    .start();
        } catch (RuntimeException e) {
            closeHttp.close();
            throw e;
        }
        AutoCloseable closeAll = () -> {
            worker.close();
            closeHttp.close();
        };
        metrics.start(spec, closeAll, admin -> admin.worker(worker));
        PrintWriter out = spec.commandLine().getOut();
        out.println("worker " + name + " x" + count + " (" + appName + ") subscribed to register " + String.join(", ", register.addresses));
        out.flush();
        lifecycle.await(metrics.closing(closeAll));
        return Gw.EXIT_OK;
    }

    /**
     * {@code BusinessWorker-<host>-<pid>}: PHP's default name plus what makes it unique, so that a second
     * {@code gw worker} (or one beside {@code gw start}'s demo worker, "BusinessWorker") does not evict the first.
     */
    static String defaultName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return "BusinessWorker-" + host.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + ProcessHandle.current().pid();
    }

    /** What the banner calls the handler: demo, webhook or its class name. */
    private String appName;

    /** One handler instance per worker, as --app and --classpath say. */
    private Supplier<EventHandler> handlers() {
        if ("webhook".equals(app)) {
            appName = app;
            return () -> WebhookHandler.builder().url(webhookUrl).secret(webhookSecret)
                    .allowInsecureHttp(webhookAllowHttp).httpClient(webhookHttp)
                    .maxConcurrentRequests(webhookConcurrency).build();
        }
        if ("demo".equals(app) || (app == null && !classpath.isSet())) {
            appName = "demo";
            return DemoApp::new;
        }
        ClassPathOption.AppClass<EventHandler> found = classpath.find(EventHandler.class, app, "--app", true);
        appName = found.name();
        return found.instances();
    }
}
