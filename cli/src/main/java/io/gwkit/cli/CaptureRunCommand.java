package io.gwkit.cli;

import io.gwkit.conformance.Capture;
import io.gwkit.conformance.CaptureHeader;
import io.gwkit.conformance.CaptureReader;
import io.gwkit.conformance.CaptureWriter;
import io.gwkit.conformance.ExternalCallExecutor;
import io.gwkit.conformance.LiveTarget;
import io.gwkit.conformance.Target;
import io.gwkit.conformance.runner.ScenarioRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gw capture run}: performs a scenario definition against a cluster and writes what was recorded. */
@Command(name = "run", header = "Record a new capture by running a scenario definition against a cluster.")
public final class CaptureRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "<file.json>",
            description = "Scenario definition (scenario, description, secret_key, steps) or a capture to re-record.")
    Path scenario;

    @Option(names = "--register", required = true, paramLabel = "<host:port>") String register;
    @Option(names = "--text", required = true, paramLabel = "<host:port>") String text;
    @Option(names = "--ws", required = true, paramLabel = "<host:port>") String ws;

    @Option(names = "--restart-cmd", paramLabel = "<shell command>", description = "Run first, to start the cluster fresh.")
    String restartCmd;

    @Option(names = "--call-cmd", required = true, paramLabel = "<shell command>",
            description = "External GatewayClient command for call steps (gwcall.php protocol).")
    String callCmd;

    @Option(names = "--out", required = true, paramLabel = "<file>", description = "Where to write the gwcap file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        CaptureHeader h = CaptureReader.readScenario(scenario);
        try (Target target = new LiveTarget(register, text, ws, restartCmd, Duration.ofMillis(1000), false)) {
            Capture c = new ScenarioRunner(new ExternalCallExecutor(callCmd)).run(h, target);
            CaptureWriter.write(c, out);
            err.println("wrote " + out + ": " + c.frames().size() + " frames, " + c.results().size() + " results;"
                    + " recorded links: client, GatewayClient register lookups");
        }
        return Gw.EXIT_OK;
    }
}
