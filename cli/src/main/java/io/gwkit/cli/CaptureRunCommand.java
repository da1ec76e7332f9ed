package io.gwkit.cli;

import io.gwkit.conformance.CallExecutor;
import io.gwkit.conformance.Capture;
import io.gwkit.conformance.CaptureHeader;
import io.gwkit.conformance.CaptureReader;
import io.gwkit.conformance.CaptureWriter;
import io.gwkit.conformance.Target;
import io.gwkit.conformance.runner.ScenarioRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gw capture run}: performs a scenario definition against a cluster and writes what was recorded. */
@Command(name = "run", header = "Record a new capture by running a scenario definition against a cluster.",
        description = "Target options as for 'gw conformance': a live cluster (only what it lets the runner observe"
                + " is recorded: client links, GatewayClient links) or, by default, the embedded Java cluster.")
public final class CaptureRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "<file.json>",
            description = "Scenario definition (scenario, description, secret_key, steps) or a capture to re-record.")
    Path scenario;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--out", required = true, paramLabel = "<file>", description = "Where to write the gwcap file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String invalid = targetOptions.validate();
        if (invalid != null) {
            throw new ParameterException(spec.commandLine(), invalid);
        }
        CaptureHeader h = CaptureReader.readScenario(scenario);
        CallExecutor calls = targetOptions.callExecutor();
        try (Target target = targetOptions.target(calls)) {
            Capture c = new ScenarioRunner(calls).run(h, target);
            CaptureWriter.write(c, out);
            err.println("wrote " + out + ": " + c.frames().size() + " frames, " + c.results().size() + " results");
        } finally {
            if (calls instanceof AutoCloseable) {
                ((AutoCloseable) calls).close();
            }
        }
        return Gw.EXIT_OK;
    }
}
