package io.gwkit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} and {@code --secret-file FILE} options of the roles (a picocli mixin). Declared here for
 * help and parsing only: {@link ConfigFile} has already turned them into options before the command runs.
 */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "<file.yaml>",
            description = "Read options from this YAML file (section named after the command, keys = option names "
                    + "without dashes, secret-file: PATH); the command line and GW_<COMMAND>_<OPTION> environment "
                    + "variables override it. See docs/OPERATIONS.md.")
    Path file;

    @Option(names = "--secret-file", paramLabel = "<file>",
            description = "Read the cluster secret from this file (trailing newline dropped), so it is not on the "
                    + "command line; also GW_SECRET_FILE, or GW_SECRET for the secret itself.")
    Path secretFile;
}
