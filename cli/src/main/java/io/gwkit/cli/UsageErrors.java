package io.gwkit.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one usage-error path of {@code gw}: every bad argument, option value or option combination is a picocli
 * {@link ParameterException}, thrown by picocli while parsing or by a command's own check, and ends here. It prints
 * {@code error: MESSAGE}, picocli's suggestions for a mistyped name, and a hint naming the command's help, and exits
 * {@link Gw#EXIT_USAGE}. Commands never print a usage error and return 2 themselves; the one exception is a group
 * run without a subcommand ({@code gw}, {@code gw bench}), which prints its command list, as help, and exits 2.
 * A bad address is reported here too: checked while parsing ({@link HostPort.Check}) or by
 * {@link HostPort#parse}.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        return report(ex);
    }

    /** Prints {@code ex} as a usage error and returns {@link Gw#EXIT_USAGE}. */
    static int report(ParameterException ex) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return Gw.EXIT_USAGE;
    }
}
