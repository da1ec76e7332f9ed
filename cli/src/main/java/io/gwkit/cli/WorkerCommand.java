package io.gwkit.cli;

import io.gwkit.http.WebhookHandler;
import io.gwkit.worker.BusinessWorker;
import io.gwkit.worker.DemoApp;
import io.gwkit.worker.EventHandler;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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

    @Option(names = "--register", required = true, paramLabel = "<host:port>",
            description = "Register address; repeat for several registers.")
    List<String> registers = new ArrayList<>();

    @Option(names = "--app", paramLabel = "<demo|webhook|class>", defaultValue = "demo",
            description = "Handler: 'demo' (the conformance demo app), 'webhook' (POST events to --webhook-url, "
                    + "see docs/HTTP.md) or the name of a class implementing "
                    + "io.gwkit.worker.EventHandler with a public no-argument constructor. Default: ${DEFAULT-VALUE}.")
    String app;

    @Option(names = "--name", paramLabel = "<name>",
            description = "Worker name; worker_key is <name>:<index>. Two workers with one key replace each other "
                    + "at the gateways (PHP's rule), so the default is unique to this process: "
                    + "BusinessWorker-<host>-<pid>.")
    String name;

    @Option(names = "--count", paramLabel = "<n>", defaultValue = "1",
            description = "Number of workers (indexes 0..n-1), like PHP's count. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--secret", paramLabel = "<key>", defaultValue = "",
            description = "Cluster secret key (empty: none).")
    String secret;

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
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        if (app.equals("webhook")) {
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
                handler(app); // secret and URL checked before any worker starts
            } catch (IllegalStateException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        List<BusinessWorker> workers = new ArrayList<>();
        AutoCloseable closeAll = () -> {
            workers.forEach(BusinessWorker::close);
            if (webhookHttp != null) {
                webhookHttp.dispatcher().executorService().shutdown();
                webhookHttp.connectionPool().evictAll();
            }
        };
        try {
            for (int i = 0; i < count; i++) {
                BusinessWorker.Builder builder = BusinessWorker.builder();
                if (webhookHttp != null) { // a handler thread blocks during its POST
                    builder.handlerThreads(Math.max(4, webhookConcurrency));
                }
                workers.add(builder
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
        metrics.start(spec, closeAll, admin -> workers.forEach(admin::worker));
        PrintWriter out = spec.commandLine().getOut();
        out.println("worker " + name + " x" + count + " (" + app + ") subscribed to register " + String.join(", ", registers));
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

    EventHandler handler(String app) {
        if (app.equals("demo")) {
            return new DemoApp();
        }
        if (app.equals("webhook")) {
            return WebhookHandler.builder().url(webhookUrl).secret(webhookSecret).allowInsecureHttp(webhookAllowHttp)
                    .httpClient(webhookHttp)
                    .maxConcurrentRequests(webhookConcurrency).build();
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
