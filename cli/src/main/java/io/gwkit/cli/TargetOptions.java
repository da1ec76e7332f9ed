package io.gwkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gwkit.conformance.CallExecutor;
import io.gwkit.conformance.EmbeddedTarget;
import io.gwkit.conformance.ExternalCallExecutor;
import io.gwkit.conformance.LiveTarget;
import io.gwkit.conformance.SdkCallExecutor;
import io.gwkit.conformance.Target;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The target and call-executor options shared by {@code gw conformance} and {@code gw capture run}. */
final class TargetOptions {

    @Option(names = "--register", paramLabel = "<host:port>", description = "Register of a live target.")
    String register;

    @Option(names = "--text", paramLabel = "<host:port>", description = "Text gateway of a live target.")
    String text;

    @Option(names = "--ws", paramLabel = "<host:port>", description = "Websocket gateway of a live target.")
    String ws;

    @Option(names = "--secret", paramLabel = "<key>",
            description = "Secret key for the GatewayClient calls, overriding each scenario's secret_key.")
    String secret;

    @Option(names = "--restart-cmd", paramLabel = "<shell command>",
            description = "Run before each scenario to restart the live cluster (env SECRET and GW_SCENARIO are set).")
    String restartCmd;

    @Option(names = "--settle-ms", paramLabel = "<ms>", defaultValue = "1000",
            description = "Wait after the live register lists the gateways, for workers to connect (default ${DEFAULT-VALUE}).")
    long settleMs;

    @Option(names = "--call-cmd", paramLabel = "<shell command>",
            description = "Run each call step in this external GatewayClient command (gwcall.php protocol:"
                    + " JSON on stdin, env REG_ADDR and SECRET) instead of the Java SDK.")
    String callCmd;

    boolean isLive() {
        return register != null || text != null || ws != null;
    }

    /** An error message when the live options are incomplete, else null. */
    String validate() {
        return isLive() && (register == null || text == null || ws == null)
                ? "a live target needs all of --register, --text and --ws" : null;
    }

    CallExecutor callExecutor() {
        CallExecutor base = callCmd != null ? new ExternalCallExecutor(callCmd) : new SdkCallExecutor();
        if (secret == null) {
            return base;
        }
        return new CallExecutor() {
            @Override
            public Reply call(String method, JsonNode args, Context c) throws Exception {
                return base.call(method, args, new Context(c.registerAddress(), secret, c.innerRoute()));
            }

            @Override
            public boolean routesInnerConnections() {
                return base.routesInnerConnections();
            }
        };
    }

    Target target(CallExecutor calls) {
        return isLive()
                ? new LiveTarget(register, text, ws, restartCmd, Duration.ofMillis(settleMs), calls.routesInnerConnections())
                : new EmbeddedTarget();
    }
}
