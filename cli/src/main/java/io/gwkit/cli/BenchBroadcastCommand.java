package io.gwkit.cli;

import io.gwkit.bench.BroadcastBench;
import io.gwkit.bench.Figures;
import io.gwkit.bench.ProcStat;
import io.gwkit.bench.Target;
import io.gwkit.bench.TextClients;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gw bench broadcast}: how long a sendToAll takes to reach the last of N clients. */
@Command(name = "broadcast", mixinStandardHelpOptions = true,
        header = "Benchmark sendToAll to N connected text clients.",
        description = "N text clients connect; the SDK calls sendToAll once per round, rounds one after another. "
                + "Reports the time until the last client has each line (p50/p99) and lines delivered/s. "
                + "With --compare, write targets as NAME=text@HOST:PORT;register@HOST:PORT.")
public final class BenchBroadcastCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions options;

    // Not SharedOptions.Register, which is required and repeatable: here it is optional (--compare names each
    // target's register@HOST:PORT instead) and one address, as that role is.
    @Option(names = "--register", paramLabel = SharedOptions.HOST_PORT, converter = HostPort.Check.class,
            description = "Register address.")
    String register;

    @Mixin
    SharedOptions.Text text;

    @Mixin
    SharedOptions.Secret secret;

    @Option(names = "--clients", defaultValue = "1000", description = "Clients. Default: ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--rounds", defaultValue = "100", description = "sendToAll calls. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--size", defaultValue = "64", description = "Line size in bytes. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--pid", paramLabel = "<pid[+pid…]>",
            description = "The processes under test (e.g. a PHP gateway+worker), for server CPU per message.")
    String pid;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("clients", clients);
        params.put("rounds", rounds);
        params.put("size", size);
        params.put("duration", options.durationSeconds);
        Target single = text.address == null || register == null ? null
                : BenchOptions.target(text.address, pid, register);
        return options.execute(spec, "broadcast", List.of("text", "register"), single, params, t -> {
            var address = BenchOptions.address(t.address("text"));
            BroadcastBench.Config config = new BroadcastBench.Config(clients, rounds, size, options.duration(),
                    options.sourceIps, options.ioThreads, options.timeout(), secret.key,
                    ProcStat.parsePids(t.addresses().get("pid")));
            Figures f = BroadcastBench.run(t.address("register"), address, config, BenchOptions.onTerminal(),
                    spec.commandLine().getErr());
            TextClients.settle(address, options.timeout());
            return f;
        });
    }
}
