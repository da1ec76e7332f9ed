package io.gwkit.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that many commands share, declared once (picocli mixins) so that names, short names, labels and
 * descriptions are the same in every command: {@link Register} and {@link Secret}. Every label is lower case in angle
 * brackets, {@link #HOST_PORT} for an address; {@code --text} and {@code --ws} use it too.
 */
final class SharedOptions {

    /** The label of every address option. */
    static final String HOST_PORT = "<host:port>";

    private SharedOptions() {
    }

    /** {@code -r, --register <host:port>}: required, repeatable, tried in order. */
    static final class Register {

        @Option(names = {"-r", "--register"}, paramLabel = HOST_PORT, required = true,
                description = "Register address; repeat for several (tried in order).")
        List<String> addresses = new ArrayList<>();
    }

    /** {@code -s, --secret <key>}: the cluster's secret key, none by default. */
    static final class Secret {

        @Option(names = {"-s", "--secret"}, paramLabel = "<key>", defaultValue = "",
                description = "The cluster's secret key (default: none; GW_SECRET or GW_SECRET_FILE in the environment).")
        String key;
    }
}
