package io.gwkit.cli;

import io.gwkit.torture.CaseResult;
import io.gwkit.torture.Catalog;
import io.gwkit.torture.Outcome;
import io.gwkit.torture.TortureCase;
import io.gwkit.torture.TortureReport;
import io.gwkit.torture.TortureRunner;
import io.gwkit.torture.TortureTarget;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gw torture}: hostile cases against a live cluster, each followed by an availability check. */
@Command(name = "torture", mixinStandardHelpOptions = true,
        header = "Run hostile cases against a cluster (PHP or Java) and check it keeps serving.",
        description = {
            "Runs malformed and abusive traffic against the inner port, the register and the client listeners "
                    + "(groups 1 inner port, 2 poisoned values, 3 register, 4 text, 5 websocket). After each case a "
                    + "long-lived bystander text client must get an echo from the demo app and a push (GatewayClient "
                    + "sendToAll through --register), and fresh clients must connect.",
            "--text is required; the demo app must run behind it. Without --ws, group 5 is skipped; without "
                    + "--secret, the cases that need it.",
            "Prints one line per case (survived / degraded / down) and 'N survived, M degraded, K down'. "
                    + "Targets must be loopback addresses unless --allow-remote."})
public final class TortureCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    // Not SharedOptions.Register: one register, the one group 3 attacks (and the health check's push goes
    // through), so not a list of addresses tried in order; and no -r, as it never had one.
    @Option(names = "--register", required = true, paramLabel = SharedOptions.HOST_PORT,
            converter = HostPort.Check.class, description = "Register address (the one attacked).")
    String register;

    @Mixin
    SharedOptions.Text text;

    @Mixin
    SharedOptions.Ws ws;

    @Option(names = "--inner", required = true, paramLabel = SharedOptions.HOST_PORT,
            description = "The text gateway's inner port.")
    String inner;

    @Mixin
    SharedOptions.Secret secret;

    @Option(names = "--cases", paramLabel = "<pattern>",
            description = "Comma-separated globs over case ids and names, '-glob' excludes (e.g. '1.*,3.*' or '*,-3.8').")
    String cases;

    @Option(names = "--list", description = "List the cases and exit.")
    boolean list;

    @Option(names = "--json", paramLabel = "<file>", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "30",
            description = "Bound for each case's attack. Default: ${DEFAULT-VALUE}.")
    double timeoutSeconds;

    @Option(names = "--wait", paramLabel = "<seconds>", defaultValue = "3",
            description = "How long a case waits for an expected close or reply. Default: ${DEFAULT-VALUE}.")
    double waitSeconds;

    @Option(names = "--health-timeout", paramLabel = "<seconds>", defaultValue = "10",
            description = "How long the health check waits for each echo, push and welcome. Default: ${DEFAULT-VALUE}.")
    double healthSeconds;

    @Option(names = "--slow", paramLabel = "<ms>", defaultValue = "5000",
            description = "A bystander round trip slower than this makes the case degraded. Default: ${DEFAULT-VALUE}.")
    long slowMillis;

    @Option(names = "--allow-remote", description = "Allow targets that are not loopback addresses.")
    boolean allowRemote;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<TortureCase> all = Catalog.select(Catalog.all(), cases);
        TortureTarget target = new TortureTarget(address(register), address(text.required(spec)),
                ws.address == null ? null : address(ws.address), address(inner), secret.key);
        List<TortureCase> selected = all.stream().filter(c -> c.appliesTo(target)).toList();
        if (list) {
            all.forEach(c -> out.printf("%-5s %-30s %s%s%n", c.id(), c.name(), c.description(),
                    c.appliesTo(target) ? "" : " (not applicable to this target)"));
            out.flush();
            return Gw.EXIT_OK;
        }
        if (selected.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no case matches --cases " + cases);
        }
        if (selected.size() < all.size()) {
            spec.commandLine().getErr().println("skipping " + (all.size() - selected.size())
                    + " case(s) that need --secret or --ws");
        }
        TortureRunner.Settings settings = new TortureRunner.Settings(seconds(timeoutSeconds), seconds(waitSeconds),
                seconds(healthSeconds), Duration.ofMillis(slowMillis));
        List<CaseResult> results;
        try (TortureRunner runner = new TortureRunner(target, settings)) {
            results = runner.run(selected, r -> {
                out.println(TortureReport.line(r));
                out.flush();
            });
        }
        out.println(TortureReport.summary(results));
        out.flush();
        if (json != null) {
            TortureReport.writeJson(json, target, results);
        }
        return results.stream().allMatch(r -> r.outcome() == Outcome.SURVIVED) ? Gw.EXIT_OK : Gw.EXIT_CHECK_FAILED;
    }

    private InetSocketAddress address(String value) {
        HostPort hp = HostPort.parse(value, spec);
        InetSocketAddress a = new InetSocketAddress(hp.host(), hp.port());
        if (a.isUnresolved()) {
            throw new ParameterException(spec.commandLine(), "cannot resolve " + value);
        }
        if (!allowRemote && !a.getAddress().isLoopbackAddress()) {
            throw new ParameterException(spec.commandLine(), value + " is not a loopback address: torture traffic is "
                    + "hostile, pass --allow-remote to aim it elsewhere");
        }
        return a;
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }

}
