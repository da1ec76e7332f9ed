package io.gwkit.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code gw} command. Exit codes: {@link #EXIT_OK}, {@link #EXIT_ERROR}, {@link #EXIT_USAGE},
 * {@link #EXIT_CHECK_FAILED}.
 */
@Command(name = "gw",
        mixinStandardHelpOptions = true,
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
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Success.",
            "1:Error (network, protocol, server failure).",
            "2:Invalid usage or arguments.",
            "3:A check found failures (conformance cases failed, torture cases degraded)."})
public final class Gw implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CHECK_FAILED = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
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
                    getErr().println("error: " + e.getMessage());
                    return EXIT_USAGE;
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

    /** This build's version (the jar manifest's), "dev" when run from classes. */
    static String version() {
        String v = Gw.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gw " + version()};
        }
    }
}
