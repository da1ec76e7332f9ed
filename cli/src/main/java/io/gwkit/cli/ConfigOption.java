package io.gwkit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option of the roles (a picocli mixin). Declared here for help and parsing only:
 * {@link ConfigFile} has already turned the file into options before the command runs.
 */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE.yaml",
            description = "Read options from this YAML file (section named after the command, keys = option names "
                    + "without dashes, secret-file: PATH); the command line and GW_<COMMAND>_<OPTION> environment "
                    + "variables override it. See docs/OPERATIONS.md.")
    Path file;
}
