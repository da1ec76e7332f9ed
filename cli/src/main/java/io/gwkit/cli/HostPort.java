package io.gwkit.cli;

import io.gwkit.protocol.InvalidAddressException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** A {@code HOST:PORT} option value ({@link io.gwkit.protocol.HostPort}'s rules); bad text is a usage error. */
record HostPort(String host, int port) {

    /**
     * Checks an address option while picocli parses it, so a bad address is a usage error before anything runs,
     * with the option (and config key) named; the value stays text.
     */
    static final class Check implements ITypeConverter<String> {

        @Override
        public String convert(String value) {
            parse(value);
            return value;
        }
    }

    /** Throws picocli's {@link TypeConversionException} for bad text. */
    static HostPort parse(String value) {
        try {
            io.gwkit.protocol.HostPort parsed = io.gwkit.protocol.HostPort.parse(value);
            return new HostPort(parsed.host(), parsed.port());
        } catch (InvalidAddressException e) {
            throw new TypeConversionException("expected HOST:PORT, got \"" + value + "\"");
        }
    }

    /** For a value read after parsing (a config file's, a command's own check): bad text is {@code spec}'s usage error. */
    static HostPort parse(String value, CommandSpec spec) {
        try {
            return parse(value);
        } catch (TypeConversionException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
