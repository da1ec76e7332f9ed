package io.gwkit.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** A {@code HOST:PORT} option value. */
record HostPort(String host, int port) {

    static HostPort parse(String value, CommandSpec spec) {
        int colon = value.lastIndexOf(':');
        try {
            if (colon > 0) {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port >= 0 && port <= 0xFFFF) {
                    return new HostPort(value.substring(0, colon), port);
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "expected HOST:PORT, got \"" + value + "\"");
    }
}
