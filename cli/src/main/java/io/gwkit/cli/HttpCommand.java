package io.gwkit.cli;

import io.gwkit.client.GatewayClient;
import io.gwkit.http.HttpPushServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gw http}: the HTTP push API in front of a cluster. */
@Command(name = "http",
        header = "Serve the GatewayClient API over HTTP (POST /v1/<phpMethod>).",
        description = "Every GatewayClient method as POST /v1/<phpMethod> with a JSON object of named arguments "
                + "(PHP parameter names); answers the result as PHP's json_encode prints it. GET /v1/health. "
                + "Runs until Ctrl-C / SIGTERM. See docs/HTTP.md.")
public final class HttpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "<host:port>", defaultValue = "127.0.0.1:8080",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String listen;

    @Mixin
    SharedOptions.Register register;

    @Mixin
    SharedOptions.Secret secret;

    @Option(names = "--token", paramLabel = "<token>", defaultValue = "${env:GW_HTTP_TOKEN}",
            description = "Require 'Authorization: Bearer TOKEN' on API calls (default: $GW_HTTP_TOKEN; unset: a "
                    + "random token is generated and printed once).")
    String token;

    @Option(names = "--allow-host", paramLabel = "<name>",
            description = "A host name accepted in the Host header besides IP addresses and localhost (repeatable), "
                    + "e.g. the name a reverse proxy forwards.")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--max-body", paramLabel = "<bytes>", defaultValue = "1048576",
            description = "Largest request body accepted; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Mixin
    ConfigOption config;

    @Mixin
    MetricsOption metrics;

    /** Stopped by a signal, or by tests through {@link RunUntilStopped#stop()}. */
    final RunUntilStopped lifecycle = new RunUntilStopped();

    @Override
    public Integer call() throws Exception {
        HostPort hp = HostPort.parse(listen, spec);
        boolean generated = token == null || token.isEmpty();
        if (generated) {
            byte[] random = new byte[24];
            new java.security.SecureRandom().nextBytes(random);
            token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        metrics.start(spec); // first: a port it cannot bind leaves nothing else to undo
        HttpPushServer server;
        InetSocketAddress bound;
        GatewayClient client = null;
        try {
            client = GatewayClient.builder().registerAddresses(register.addresses).secretKey(secret.key).build();
            server = HttpPushServer.builder().listen(hp.host(), hp.port()).client(client).token(token)
                    .allowedHosts(allowHosts).maxBodyBytes(maxBody).build();
            bound = server.start();
        } catch (RuntimeException | InterruptedException e) {
            metrics.closing(client == null ? () -> { } : client).close();
            throw e;
        }
        GatewayClient api = client;
        spec.commandLine().getOut().println("http push API listening on " + hp.host() + ":" + bound.getPort()
                + " for register " + String.join(", ", register.addresses));
        if (generated) { // printed once, to the operator's terminal; never logged
            spec.commandLine().getOut().println("generated token (choose one with --token or GW_HTTP_TOKEN): "
                    + token);
        }
        spec.commandLine().getOut().flush();
        lifecycle.await(metrics.closing(() -> {
            server.close();
            api.close();
        }));
        return Gw.EXIT_OK;
    }
}
