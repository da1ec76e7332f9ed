package io.gwkit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gw help [COMMAND [SUBCOMMAND...]]}. Picocli's own help command looks only at its first argument, so
 * {@code gw help bench echo} printed {@code bench}'s help; this one walks the whole path. It is a plain
 * command (not picocli's helpCommand) so that an unknown name can exit {@link Gw#EXIT_USAGE}.
 */
@Command(name = "help", header = "Show the help of gw or of a (sub)command, e.g. 'gw help bench echo'.")
final class HelpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<command>", arity = "0..*", description = "The command path, e.g. 'bench echo'.")
    List<String> path = new ArrayList<>();

    @Override
    public Integer call() {
        CommandLine target = spec.commandLine().getParent();
        for (String name : path) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new ParameterException(spec.commandLine(), "unknown command '" + name + "' under '"
                        + target.getCommandName() + "'; one of: " + String.join(", ", target.getSubcommands().keySet()));
            }
            target = sub;
        }
        PrintWriter out = spec.commandLine().getOut();
        target.usage(out);
        out.flush();
        return Gw.EXIT_OK;
    }
}
