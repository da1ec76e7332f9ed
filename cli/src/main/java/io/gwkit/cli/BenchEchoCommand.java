package io.gwkit.cli;

import io.gwkit.bench.EchoBench;
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

/** {@code gw bench echo}: messages/s and round-trip percentiles of text clients the demo app echoes. */
@Command(name = "echo", mixinStandardHelpOptions = true,
        header = "Benchmark echo round trips through a gateway and the demo app.",
        description = "N text clients each send M lines (--pipeline in flight per client); the demo app answers "
                + "each with \"echo <line>\". Reports messages/s, round-trip p50/p99/p999 and the generator's CPU.")
public final class BenchEchoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions options;

    @Mixin
    SharedOptions.Text text;

    @Option(names = "--clients", defaultValue = "100", description = "Clients. Default: ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--messages", defaultValue = "1000",
            description = "Messages per client. Default: ${DEFAULT-VALUE}.")
    long messages;

    @Option(names = "--size", defaultValue = "64", description = "Line size in bytes. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--pipeline", defaultValue = "1",
            description = "Lines in flight per client. Default: ${DEFAULT-VALUE}.")
    int pipeline;

    @Option(names = "--pid", paramLabel = "<pid[+pid…]>",
            description = "The processes under test (e.g. a PHP gateway+worker), for server CPU per message.")
    String pid;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("clients", clients);
        params.put("messages", messages);
        params.put("size", size);
        params.put("pipeline", pipeline);
        params.put("duration", options.durationSeconds);
        Target single = text.address == null ? null : BenchOptions.target(text.address, pid, null);
        return options.execute(spec, "echo", List.of("text"), single, params, t -> {
            var address = BenchOptions.address(t.address("text"));
            EchoBench.Config config = new EchoBench.Config(clients, messages, size, pipeline, options.duration(),
                    options.sourceIps, options.ioThreads, options.timeout(), ProcStat.parsePids(t.addresses().get("pid")));
            Figures f = EchoBench.run(address, config, BenchOptions.onTerminal(), spec.commandLine().getErr());
            TextClients.settle(address, options.timeout()); // the demo app's logout broadcasts are worked off
            return f;
        });
    }
}
