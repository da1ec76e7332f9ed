package io.gwkit.cli;

import io.gwkit.bench.ConnectionAgents;
import io.gwkit.bench.ConnectionsBench;
import io.gwkit.bench.ProcStat;
import io.gwkit.bench.Target;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gw bench connections}: memory per idle connection, and whether all still answer. */
@Command(name = "connections", mixinStandardHelpOptions = true,
        header = "Benchmark idle connections: RSS per connection of the gateway process.",
        description = "Opens N idle text clients, samples the gateway process's VmRSS (/proc/PID/status, --pid) "
                + "and, for a JVM started with --jmx, its heap after a full GC (--jmx), before and after; then "
                + "checks every client still answers (sends 'ping', gets the demo app's 'echo ping'). More than "
                + "9 000 clients are spread over child processes (--agents), each on its own 16 source addresses "
                + "127.0.1.x, 127.0.2.x, … (or its share of --source-ips): one process holds at most 20 000 "
                + "descriptors here. The agents start before the timed connect. Closing the clients makes the "
                + "demo app broadcast a logout per client (O(N^2) lines): the bench waits, bounded by --timeout, "
                + "until the cluster answers again. With --compare, write "
                + "NAME=text@HOST:PORT;pid@PID.")
public final class BenchConnectionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions options;

    @Mixin
    SharedOptions.Text text;

    @Option(names = "--pid", paramLabel = "<pid[+pid…]>",
            description = "The gateway's process, for its RSS, then any other serving the clients (the worker):"
                    + " their CPU per connection while the clients connect.")
    String pid;

    @Option(names = "--clients", defaultValue = "1000", description = "Clients. Default: ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--settle", defaultValue = "2", paramLabel = "<seconds>",
            description = "Pause between opening the clients and sampling RSS. Default: ${DEFAULT-VALUE}.")
    double settleSeconds;

    @Option(names = "--agents", paramLabel = "<n>", description = "Child processes holding the clients (0: this "
            + "process). Default: 0 up to 9 000 clients, else one per 9 000.")
    Integer agents;

    @Option(names = "--jmx", paramLabel = SharedOptions.HOST_PORT, converter = HostPort.Check.class,
            description = "JMX agent of the gateway JVM (gw gateway --jmx PORT, gw start --jmx PORT): report its "
                    + "heap used after a full GC, per connection.")
    String jmx;

    @Option(names = "--jmx-password", paramLabel = "<password>", defaultValue = "${env:GW_JMX_PASSWORD}",
            description = "Password of the --jmx agent (user gw; default: $GW_JMX_PASSWORD).")
    String jmxPassword;

    @Option(names = "--jvm-heap", description = "The --pid is a JVM (e.g. gw start): also report its live heap per "
            + "connection, after a full GC each side, through jcmd (run as the same user, JDK on the PATH).")
    boolean jvmHeap;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("clients", clients);
        params.put("pid", pid);
        params.put("sourceIps", options.sourceIps);
        params.put("agents", agents);
        params.put("jmx", jmx);
        Map<String, String> addresses = new LinkedHashMap<>();
        if (text.address != null) {
            addresses.put("text", text.address);
        }
        if (pid != null) {
            addresses.put("pid", pid);
        }
        Target single = text.address == null ? null : new Target(text.address, addresses);
        return options.execute(spec, "connections", List.of("text"), single, params, t -> {
            String p = t.addresses().get("pid");
            ConnectionsBench.Config config = new ConnectionsBench.Config(clients, options.sourceIps,
                    ProcStat.parsePids(p), options.ioThreads, options.timeout(),
                    Duration.ofMillis((long) (settleSeconds * 1000)), jvmHeap && p != null,
                    agents != null ? agents : clients <= ConnectionAgents.CLIENTS_PER_AGENT ? 0
                            : ConnectionAgents.agentsFor(clients), t.addresses().getOrDefault("jmx", jmx), jmxPassword);
            return ConnectionsBench.run(BenchOptions.address(t.address("text")), config, BenchOptions.onTerminal(),
                    spec.commandLine().getErr());
        });
    }
}
