package io.gwkit.cli;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Where and how {@code gw status} and {@code gw connections} reach a running cluster (a picocli mixin). */
final class ClusterOptions {

    @Option(names = {"-r", "--register"}, paramLabel = "HOST:PORT", required = true,
            description = "Register address; repeat for several (tried in order).")
    List<String> registers;

    @Option(names = {"-s", "--secret"}, paramLabel = "KEY", defaultValue = "",
            description = "The cluster's secret key (default: none; GW_SECRET or GW_SECRET_FILE in the environment).")
    String secret;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "5",
            description = "Connect and reply timeout per request (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }

    /** A connection to the cluster for the register and inner questions; close it after. */
    ClusterQuery query() {
        return new ClusterQuery(registers, secret, timeout());
    }
}
