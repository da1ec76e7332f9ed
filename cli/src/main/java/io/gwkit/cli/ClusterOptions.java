package io.gwkit.cli;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where and how {@code gw status} and {@code gw connections} reach a running cluster (a picocli mixin). */
final class ClusterOptions {

    @Mixin
    SharedOptions.Register register;

    @Mixin
    SharedOptions.Secret secret;

    @Option(names = {"-t", "--timeout"}, paramLabel = "<seconds>", defaultValue = "5",
            description = "Connect and reply timeout per request (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }

    /** A connection to the cluster for the register and inner questions; close it after. */
    ClusterQuery query() {
        return new ClusterQuery(register.addresses, secret.key, timeout());
    }
}
