package io.gwkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gw bench}: benchmarks (not tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, header = "Run a benchmark.",
        subcommands = {BenchEchoCommand.class, BenchBroadcastCommand.class, BenchConnectionsCommand.class,
                BenchConnectionsAgentCommand.class, BenchSdkCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
