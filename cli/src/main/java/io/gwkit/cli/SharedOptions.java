package io.gwkit.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that many commands share, declared once (picocli mixins) so that names, short names, labels and
 * descriptions are the same in every command: {@link Register}, {@link Secret}, {@link Text} and {@link Ws}. Every
 * label is lower case in angle brackets, {@link #HOST_PORT} for an address. {@link HostPort.Check} checks these address
 * options while picocli parses, and other commands' address options that would otherwise be read only mid-run.
 *
 * <p>{@code --register} is required by picocli: every command that takes the mixin needs it. {@code --text} and
 * {@code --ws} are optional, because most of their commands need them only in some modes ({@code --compare}, a live
 * conformance target); a command that cannot run without {@code --text} calls {@link Text#required}, which raises
 * the same usage error picocli would. A command whose register option differs (one address, or optional) declares
 * its own with {@link #HOST_PORT}, {@link HostPort.Check} and a comment saying why.
 */
final class SharedOptions {

    /** The label of every address option. */
    static final String HOST_PORT = "<host:port>";

    /** The description of every repeatable register option. */
    static final String REGISTER_DESCRIPTION = "Register address; repeat for several (tried in order).";

    private SharedOptions() {
    }

    /** {@code -r, --register <host:port>}: required, repeatable, tried in order. */
    static final class Register {

        @Option(names = {"-r", "--register"}, paramLabel = HOST_PORT, required = true, converter = HostPort.Check.class,
                description = REGISTER_DESCRIPTION)
        List<String> addresses = new ArrayList<>();
    }

    /** {@code -s, --secret <key>}: the cluster's secret key, none by default. */
    static final class Secret {

        @Option(names = {"-s", "--secret"}, paramLabel = "<key>", defaultValue = "",
                description = "The cluster's secret key (default: none).")
        String key;
    }

    /** {@code --text <host:port>}: the text gateway end clients connect to; optional, see {@link #required}. */
    static final class Text {

        @Option(names = "--text", paramLabel = HOST_PORT, converter = HostPort.Check.class,
                description = "Text gateway address (where end clients connect).")
        String address;

        /** The address, or the usage error of a missing required option for a command that cannot run without it. */
        String required(CommandSpec spec) {
            if (address == null) {
                throw new ParameterException(spec.commandLine(), "Missing required option: '--text=" + HOST_PORT + "'");
            }
            return address;
        }
    }

    /** {@code --ws <host:port>}: the websocket gateway end clients connect to; optional. */
    static final class Ws {

        @Option(names = "--ws", paramLabel = HOST_PORT, converter = HostPort.Check.class,
                description = "Websocket gateway address (where end clients connect).")
        String address;
    }
}
