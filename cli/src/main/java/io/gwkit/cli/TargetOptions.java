package io.gwkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gwkit.conformance.CallExecutor;
import io.gwkit.conformance.EmbeddedTarget;
import io.gwkit.conformance.ExternalCallExecutor;
import io.gwkit.conformance.LiveTarget;
import io.gwkit.conformance.SdkCallExecutor;
import io.gwkit.conformance.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The target and call-executor options shared by {@code gw conformance} and {@code gw capture run}. */
final class TargetOptions {

    // Not SharedOptions.Register, which is required and repeatable: a live target is optional (none: the embedded
    // cluster), and it is one register, the one whose port the pre-flight checks and the scenarios' calls use.
    @Option(names = "--register", paramLabel = SharedOptions.HOST_PORT, converter = HostPort.Check.class,
            description = "Register address.")
    String register;

    @Mixin
    SharedOptions.Text text;

    @Mixin
    SharedOptions.Ws ws;

    @Option(names = "--inner", paramLabel = SharedOptions.HOST_PORT, split = ",",
            description = "The target's gateway inner addresses, text gateway first (e.g. 127.0.0.1:52900,"
                    + "127.0.0.1:52901), when they are not the captures' (127.0.0.1:2900,127.0.0.1:2901): client_ids "
                    + "and addresses are rewritten both ways so that they compare. The embedded cluster's gateways "
                    + "announce these instead of free ports.")
    List<String> inner = new ArrayList<>();

    // Not SharedOptions.Secret: no default (unset keeps each scenario's own secret_key) and no -s.
    @Option(names = "--secret", paramLabel = "<key>",
            description = "Secret key for the GatewayClient calls, overriding each scenario's secret_key.")
    String secret;

    @Option(names = "--restart-cmd", paramLabel = "<shell command>",
            description = "Run before each scenario to restart the live cluster, and return once its register listens "
                    + "(env SECRET and GW_SCENARIO are set; docs/CONFORMANCE.md, 'Restarting a live cluster'). "
                    + "Without it, scenarios run against one cluster that is never fresh and most fail.")
    String restartCmd;

    @Option(names = "--settle-ms", paramLabel = "<ms>", defaultValue = "1000",
            description = "Wait after the live register lists the gateways, for workers to connect (default ${DEFAULT-VALUE}).")
    long settleMs;

    @Option(names = "--call-cmd", paramLabel = "<shell command>",
            description = "Run each call step in this external GatewayClient command (gwcall.php protocol:"
                    + " JSON on stdin, env REG_ADDR and SECRET) instead of the Java SDK.")
    String callCmd;

    boolean isLive() {
        return register != null || text.address != null || ws.address != null;
    }

    /** An error message when the live options are incomplete, else null. */
    String validate() {
        if (isLive() && (register == null || text.address == null || ws.address == null)) {
            return "a live target needs all of --register, --text and --ws";
        }
        for (String a : inner) {
            if (!a.matches("\\d{1,3}(\\.\\d{1,3}){3}:\\d{1,5}")) {
                return "--inner " + a + " is not an IPv4 ip:port (a client_id holds the inner address as IPv4)";
            }
        }
        return null;
    }

    /**
     * One line saying why the live target cannot be reached, or null when its register, text and websocket
     * ports accept connections. Without a restart command the cluster must already run; with one, it is
     * started by that command, so nothing is checked here.
     */
    String preflight() {
        if (!isLive() || (restartCmd != null && !restartCmd.isBlank())) {
            return null;
        }
        for (String[] node : new String[][] {{"register", register}, {"text gateway", text.address},
                {"websocket gateway", ws.address}}) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(io.gwkit.conformance.SocketAddresses.parse(node[1]), PREFLIGHT_CONNECT_MILLIS);
            } catch (java.io.IOException | IllegalArgumentException e) {
                return "target down: cannot connect to the " + node[0] + " " + node[1] + " (" + e.getMessage()
                        + "); start the cluster, or give --restart-cmd to start it before each scenario";
            }
        }
        return null;
    }

    private static final int PREFLIGHT_CONNECT_MILLIS = 2_000;

    /** Whether scenarios share one cluster that nobody restarts (their leftovers make later ones differ). */
    boolean neverRestarted() {
        return isLive() && (restartCmd == null || restartCmd.isBlank());
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
                ? new LiveTarget(register, text.address, ws.address, restartCmd, Duration.ofMillis(settleMs),
                        calls.routesInnerConnections()).withInner(inner)
                : new EmbeddedTarget(inner);
    }
}
