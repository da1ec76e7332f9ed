package io.gwkit.cli;

import io.gwkit.bench.Compare;
import io.gwkit.bench.Figures;
import io.gwkit.bench.Report;
import io.gwkit.bench.Target;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Options every {@code gw bench} load generator shares, and the single-run / {@code --compare} driver. */
final class BenchOptions {

    @Option(names = "--json", paramLabel = "<file>", description = "Also write the results as JSON to this file.")
    Path json;

    @Option(names = "--duration", paramLabel = "<seconds>",
            description = "Stop a run after this many seconds even if its count is not reached.")
    Double durationSeconds;

    @Option(names = "--compare", paramLabel = "<A=addr,B=addr>",
            description = "Run against several targets alternately (A B A B …) and report medians and ratios to the"
                    + " first. A target is NAME=HOST:PORT or NAME=role@HOST:PORT;role@HOST:PORT (roles: text,"
                    + " register, pid: PID[+PID…] of the processes under test).")
    String compare;

    @Option(names = "--compare-rounds", paramLabel = "<n>", defaultValue = "3",
            description = "Rounds of --compare (at least 3). Default: ${DEFAULT-VALUE}.")
    int compareRounds;

    @Option(names = "--io-threads", paramLabel = "<n>", defaultValue = "2",
            description = "Event-loop threads of the load generator's clients. Default: ${DEFAULT-VALUE}.")
    int ioThreads;

    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "60",
            description = "How long to wait for connections and replies. Default: ${DEFAULT-VALUE}.")
    double timeoutSeconds;

    @Option(names = "--source-ips", split = ",", paramLabel = "<ip>",
            description = "Local addresses to spread clients over (127.0.0.x). Default: the system's choice.")
    List<String> sourceIps = new ArrayList<>();

    Duration duration() {
        return durationSeconds == null ? null : Duration.ofMillis((long) (durationSeconds * 1000));
    }

    Duration timeout() {
        return Duration.ofMillis((long) (timeoutSeconds * 1000));
    }

    static boolean onTerminal() {
        return System.console() != null;
    }

    /** One run of a bench against a target. */
    interface Run {
        Figures run(Target target) throws Exception;
    }

    /**
     * Runs {@code bench} once against {@code single} or, with {@code --compare}, alternately against the
     * compared targets; prints the table and writes {@code --json}. {@code roles} are the addresses every target
     * needs, the first the role of a bare {@code NAME=HOST:PORT}.
     */
    int execute(CommandSpec spec, String name, List<String> roles, Target single, Map<String, ?> parameters,
                Run bench) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (compare == null) {
            if (single == null) {
                throw new ParameterException(spec.commandLine(), "give the target's address or --compare");
            }
            check(spec, single, roles);
            Figures f = bench.run(single);
            Report.printFigures(out, single.name(), f);
            if (json != null) {
                Report.writeJson(json, name, parameters, null, single.name(), f);
            }
            return Gw.EXIT_OK;
        }
        if (compareRounds < 3) {
            throw new ParameterException(spec.commandLine(), "--compare-rounds must be at least 3");
        }
        List<Target> targets;
        try {
            targets = Target.parseAll(compare, roles.get(0));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        for (Target t : targets) {
            check(spec, t, roles);
        }
        Compare c = Compare.alternate(targets, compareRounds, (t, round) -> {
            Figures f = bench.run(t);
            out.printf(Locale.ROOT, "round %d %s: %s%n", round, t.name(), f);
            out.flush();
            return f;
        });
        out.println();
        c.printTable(out);
        if (json != null) {
            Report.writeJson(json, name, parameters, c, null, null);
        }
        return Gw.EXIT_OK;
    }

    /** The target of a run without --compare, named by its text address. */
    static Target target(String text, String pid, String register) {
        Map<String, String> a = new java.util.LinkedHashMap<>();
        a.put("text", text);
        if (pid != null) {
            a.put("pid", pid);
        }
        if (register != null) {
            a.put("register", register);
        }
        return new Target(text, a);
    }

    /**
     * A bad target is a usage error before the first run, not an error half-way through a comparison: it has every
     * role in {@code roles}, each address is {@code HOST:PORT} and {@code pid} is {@code PID[+PID…]}.
     */
    private static void check(CommandSpec spec, Target target, List<String> roles) {
        for (String role : roles) {
            if (!target.addresses().containsKey(role)) {
                throw new ParameterException(spec.commandLine(), "target " + target.name() + " has no " + role
                        + " address (write " + target.name() + "=" + role + "@HOST:PORT;…)");
            }
        }
        target.addresses().forEach((role, a) -> {
            boolean pid = role.equals("pid");
            if (pid ? !a.matches("\\s*\\d+\\s*([+,]\\s*\\d+\\s*)*") : !isHostPort(a)) {
                throw new ParameterException(spec.commandLine(), "target " + target.name() + ": " + role + ": expected "
                        + (pid ? "PID[+PID…]" : "HOST:PORT") + ", got \"" + a + "\"");
            }
        });
    }

    private static boolean isHostPort(String a) {
        try {
            HostPort.parse(a);
            return true;
        } catch (picocli.CommandLine.TypeConversionException e) {
            return false;
        }
    }

    static InetSocketAddress address(String hostPort) {
        io.gwkit.protocol.HostPort hp = io.gwkit.protocol.HostPort.parse(hostPort); // checked as an option or by check
        return new InetSocketAddress(hp.host(), hp.port());
    }
}
