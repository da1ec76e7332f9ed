package io.gwkit.cli;

import picocli.CommandLine.Option;

/** {@code --insecure-no-secret} of the roles that listen for cluster nodes (a picocli mixin). */
final class InsecureOption {

    @Option(names = "--insecure-no-secret",
            description = "Allow a register or inner port on a non-loopback address without a secret, as PHP does "
                    + "by default: anyone who reaches it can join the cluster and forge events. Without it such a "
                    + "node refuses to start.")
    boolean insecureNoSecret;
}
