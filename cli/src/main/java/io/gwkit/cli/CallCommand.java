package io.gwkit.cli;

import io.gwkit.client.GatewayClient;
import io.gwkit.client.GatewayClientException;
import io.gwkit.client.PhpMethod;
import io.gwkit.php.PhpJson;
import io.gwkit.php.PhpJsonException;
import io.gwkit.protocol.InvalidClientIdException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gw call}: one GatewayClient call, like PHP's {@code Gateway::METHOD(ARG...)}, printing the result
 * as PHP's {@code json_encode} prints it.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        header = "Call one GatewayClient method and print its result as PHP json_encode would.",
        description = {
            "METHOD is the PHP method name (sendToUid, getAllClientSessions, destoryClient, ...).",
            "Every ARG is a string, so a JSON text such as '{\"type\":\"chat\"}' is sent as it is written.",
            "With --json every ARG is a JSON value instead: null, 42, true, \"text\", [\"u1\",\"u2\"], {\"k\":1} "
                + "(objects become PHP associative arrays), so every PHP call can be written, e.g. "
                + "gw call --json -r HOST:PORT sendToAll '\"hi\"' '[\"7f0000010b5400000001\"]'.",
            "A message (sendTo*, closeClient) must be a string: anything else is refused before sending.",
            "Prints the JSON result on stdout: client_id-keyed objects, lists, numbers, null for void methods."})
public final class CallCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.Register register;

    @Mixin
    SharedOptions.Secret secret;

    @Mixin
    ConfigOption config;

    @Option(names = {"-t", "--timeout"}, paramLabel = "<seconds>", defaultValue = "5",
            description = "Reply timeout in seconds (default: ${DEFAULT-VALUE}, as PHP).")
    double timeoutSeconds;

    @Option(names = "--connect-timeout", paramLabel = "<seconds>", defaultValue = "3",
            description = "Connect timeout in seconds (default: ${DEFAULT-VALUE}, as PHP).")
    double connectTimeoutSeconds;

    @Option(names = "--json", description = "Every ARG is a JSON value (a string is written \"text\").")
    boolean json;

    @Parameters(index = "0", paramLabel = "<method>", description = "PHP GatewayClient method name.")
    String method;

    @Parameters(index = "1..*", paramLabel = "<arg>", description = "Arguments, positional as in PHP.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        if (PhpMethod.find(method) == null) {
            return usage("unknown GatewayClient method \"" + method + "\"; one of: " + methodNames());
        }
        List<Object> phpArgs = new ArrayList<>();
        for (String a : args) {
            if (!json) {
                phpArgs.add(a);
                continue;
            }
            try {
                phpArgs.add(PhpJson.decode(a));
            } catch (PhpJsonException e) {
                return usage("argument " + a + " is not a JSON value (with --json a string is written \"text\"): "
                        + e.getMessage());
            }
        }
        if (!(timeoutSeconds > 0) || !(connectTimeoutSeconds > 0)) {
            return usage("timeouts must be positive");
        }
        GatewayClient.Builder builder = GatewayClient.builder()
                .secretKey(secret.key)
                .connectTimeout(Duration.ofMillis((long) (connectTimeoutSeconds * 1000)))
                .replyTimeout(Duration.ofMillis((long) (timeoutSeconds * 1000)))
                .connectionsPerGateway(1)
                .ioThreads(1);
        try {
            register.addresses.forEach(builder::registerAddress);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        try (GatewayClient client = builder.build()) {
            Object result = client.invoke(method, phpArgs);
            spec.commandLine().getOut().println(PhpJson.encode(result));
            spec.commandLine().getOut().flush();
            return Gw.EXIT_OK;
        } catch (InvalidClientIdException | GatewayClientException | IllegalStateException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return Gw.EXIT_ERROR;
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
    }

    private int usage(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }

    private static String methodNames() {
        List<String> names = new ArrayList<>();
        for (PhpMethod m : PhpMethod.values()) {
            names.add(m.phpName());
        }
        return String.join(", ", names);
    }
}
