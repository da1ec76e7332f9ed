package io.gwkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gw bench}: benchmarks (not tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, header = "Run a benchmark.",
        subcommands = {BenchEchoCommand.class, BenchBroadcastCommand.class, BenchConnectionsCommand.class,
                BenchConnectionsAgentCommand.class, BenchSdkCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Gw.EXIT_USAGE;
    }
}
