package io.gwkit.cli;

import io.gwkit.protocol.InvalidAddressException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** A {@code HOST:PORT} option value ({@link io.gwkit.protocol.HostPort}'s rules); bad text is a usage error. */
record HostPort(String host, int port) {

    static HostPort parse(String value, CommandSpec spec) {
        try {
            io.gwkit.protocol.HostPort parsed = io.gwkit.protocol.HostPort.parse(value);
            return new HostPort(parsed.host(), parsed.port());
        } catch (InvalidAddressException e) {
            throw new ParameterException(spec.commandLine(), "expected HOST:PORT, got \"" + value + "\"");
        }
    }
}
