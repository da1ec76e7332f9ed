package io.gwkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code gw} command. Exit codes: {@link #EXIT_OK}, {@link #EXIT_ERROR}, {@link #EXIT_USAGE},
 * {@link #EXIT_CHECK_FAILED}. Every usage error goes through {@link UsageErrors}.
 */
// scope INHERIT: every subcommand, at every depth, takes --help and --version without declaring them.
@Command(name = "gw",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Gw.Version.class,
        description = "Toolkit for GatewayWorker clusters: run nodes, call the API, capture traffic, check conformance.",
        subcommands = {
            StartCommand.class,
            ClusterCommand.class,
            RegisterCommand.class,
            GatewayCommand.class,
            WorkerCommand.class,
            HttpCommand.class,
            CallCommand.class,
            StatusCommand.class,
            ConnectionsCommand.class,
            ConformanceCommand.class,
            CaptureCommand.class,
            BenchCommand.class,
            TortureCommand.class,
            HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Success.",
            "1:Error (network, protocol, server failure).",
            "2:Invalid usage or arguments.",
            "3:A check found failures (conformance cases failed, torture cases degraded)."})
public final class Gw implements Callable<Integer> {

    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CHECK_FAILED = 3;

    @Spec
    CommandSpec spec;

    /** {@code gw} alone is a usage error: it prints the command list and exits {@link #EXIT_USAGE}. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /** Builds the command line once, with its writers, so tests can run it in-process. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Gw()) {
            /** --config and GW_* environment settings become options first (ConfigFile), then picocli parses. */
            @Override
            public int execute(String... args) {
                ConfigFile.Expansion expansion;
                try {
                    expansion = ConfigFile.expand(this, args, System.getenv());
                } catch (CommandLine.ParameterException e) {
                    return UsageErrors.report(e);
                }
                CommandLine.IParameterExceptionHandler handler = getParameterExceptionHandler();
                setParameterExceptionHandler((ex, a) -> handler.handleParseException(expansion.explain(ex), a));
                try {
                    return super.execute(expansion.args());
                } finally {
                    setParameterExceptionHandler(handler);
                }
            }
        };
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --slow-client close as well as CLOSE
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + ex.getMessage());
            if (System.getenv("GW_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return EXIT_ERROR;
        });
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
        System.exit(code);
    }

    /** The Maven project version, written into version.txt when the jar is built (resource filtering). */
    static String version() {
        try (InputStream in = Gw.class.getResourceAsStream("version.txt")) {
            String v = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return v.isEmpty() || v.startsWith("$") ? "(unknown version: built without Maven)" : v;
        } catch (IOException e) {
            return "(unknown version: " + e.getMessage() + ")";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gw " + version()};
        }
    }
}
