package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.SlowClientPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue #18 item 4: one usage-error path (picocli's, through {@link UsageErrors}), the shared {@code -r/--register},
 * {@code -s/--secret}, {@code --text} and {@code --ws} options, and enums for fixed choices. Nothing here opens a
 * socket.
 */
@Tag("socket")
class UsageErrorsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine gw() {
        return Gw.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** Runs {@code args}, expects exit 2, and returns stderr. */
    private String usageError(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        int code = gw().execute(args);
        assertEquals(Gw.EXIT_USAGE, code, err.toString());
        assertEquals("", out.toString(), "a usage error writes to stderr only");
        return err.toString();
    }

    @Test
    void aParseErrorPrintsTheMessageAndTheHelpHint() {
        String e = usageError("gateway", "-r", "127.0.0.1:1", "--listen", "text://127.0.0.1:0", "--no-such-option");
        assertTrue(e.startsWith("error: Unknown option: '--no-such-option'"), e);
        assertTrue(e.strip().endsWith("Try 'gw gateway --help' for more information."), e);
        assertTrue(!e.contains("Usage:"), "a hint, not the whole usage: " + e);

        e = usageError("gateway", "--listen", "text://127.0.0.1:0");
        assertTrue(e.startsWith("error: Missing required option: '--register=<host:port>'"), e);
    }

    @Test
    void aMistypedCommandGetsSuggestions() {
        String e = usageError("gatewy");
        assertTrue(e.contains("Did you mean: gw gateway"), e);
        assertTrue(e.contains("Try 'gw --help' for more information."), e);
    }

    @Test
    void aCommandsOwnCheckTakesTheSamePath(@TempDir Path dir) {
        String e = usageError("conformance", "--captures", dir.resolve("missing").toString());
        assertTrue(e.startsWith("error: --captures "), e);
        assertTrue(e.contains("Try 'gw conformance --help' for more information."), e);

        e = usageError("bench", "sdk");
        assertTrue(e.startsWith("error: give either --register or --sink"), e);
        assertTrue(e.contains("Try 'gw bench sdk --help'"), e);

        e = usageError("help", "bench", "nosuch");
        assertTrue(e.startsWith("error: unknown command 'nosuch' under 'bench'"), e);
    }

    @Test
    void aConfigFileErrorTakesTheSamePath(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("gw.yaml"), "gateway:\n  no-such-key: 1\n");
        String e = usageError("gateway", "--config", file.toString());
        assertTrue(e.startsWith("error: " + file + ": gateway.no-such-key: unknown key"), e);
        assertTrue(e.contains("Try 'gw gateway --help'"), e);
    }

    @Test
    void fixedChoicesAreEnumsThatListTheirValues() {
        String e = usageError("bench", "sdk", "--sink", "--modes", "pooled,teleport");
        assertTrue(e.contains("expected one of") && e.contains("php-style") && e.contains("'teleport'"), e);
        e = usageError("bench", "sdk", "--sink", "--ops", "getAllClientIdList");
        assertTrue(e.contains("sendToClient") && e.contains("isOnline"), e);
        e = usageError("gateway", "-r", "127.0.0.1:1", "--listen", "text://127.0.0.1:0", "--slow-client", "later");
        assertTrue(e.contains("--slow-client") && e.contains("BLOCK"), e);

        CommandLine cl = gw();
        cl.parseArgs("gateway", "-r", "127.0.0.1:1", "--listen", "text://127.0.0.1:0", "--slow-client", "drop");
        GatewayCommand g = cl.getSubcommands().get("gateway").getCommand();
        assertEquals(SlowClientPolicy.DROP, g.slowClient);
        cl = gw();
        cl.parseArgs("bench", "sdk", "--sink", "--modes", "php-style,pooled-nio", "--ops", "isOnline");
        BenchSdkCommand b = cl.getSubcommands().get("bench").getSubcommands().get("sdk").getCommand();
        assertEquals(List.of(BenchSdkCommand.Mode.PHP_STYLE, BenchSdkCommand.Mode.POOLED_NIO), b.modes);
        assertEquals(List.of(BenchSdkCommand.Op.isOnline), b.ops);
    }

    @Test
    void registerAndSecretAreOneOptionEverywhere() {
        Map<String, List<String>> commands = Map.of(
                "gateway", List.of("--listen", "text://127.0.0.1:0"),
                "worker", List.of(),
                "http", List.of(),
                "call", List.of("isOnline", "7f0000010b5400000001"),
                "status", List.of(),
                "connections", List.of());
        List<String> registerHelp = null;
        for (Map.Entry<String, List<String>> c : commands.entrySet()) {
            CommandLine cl = gw();
            List<String> args = new java.util.ArrayList<>(List.of(c.getKey(), "-r", "127.0.0.1:1", "-r",
                    "127.0.0.1:2", "-s", "k"));
            args.addAll(c.getValue());
            CommandLine.ParseResult parsed = cl.parseArgs(args.toArray(String[]::new)).subcommand();
            assertEquals(List.of("127.0.0.1:1", "127.0.0.1:2"), parsed.matchedOptionValue("--register", List.of()),
                    c.getKey());
            assertEquals("k", parsed.matchedOptionValue("-s", ""), c.getKey());

            StringWriter help = new StringWriter();
            parsed.commandSpec().commandLine().usage(new PrintWriter(help));
            String line = help.toString().lines().filter(l -> l.contains("--register=")).findFirst().orElseThrow();
            assertTrue(line.contains("-r, --register=<host:port>"), c.getKey() + ": " + line);
            List<String> description = List.of(parsed.commandSpec().findOption("--register").description());
            registerHelp = registerHelp == null ? description : registerHelp;
            assertEquals(registerHelp, description, c.getKey() + " describes --register like the others");
        }
    }

    /** The usage of {@code path}, e.g. [bench, echo], as --help prints it. */
    private String help(String... path) {
        out.getBuffer().setLength(0);
        List<String> args = new java.util.ArrayList<>(List.of(path));
        args.add("--help");
        assertEquals(Gw.EXIT_OK, gw().execute(args.toArray(String[]::new)), err.toString());
        return out.toString();
    }

    private static CommandLine.Model.OptionSpec option(CommandLine cl, String name, String... path) {
        for (String p : path) {
            cl = cl.getSubcommands().get(p);
        }
        return cl.getCommandSpec().findOption(name);
    }

    @Test
    void textAndWsAreOneOptionEverywhere() {
        List<List<String>> withText = List.of(List.of("torture"), List.of("bench", "echo"),
                List.of("bench", "broadcast"), List.of("bench", "connections"), List.of("bench", "connections-agent"),
                List.of("conformance"), List.of("capture", "run"));
        List<List<String>> withWs = List.of(List.of("torture"), List.of("conformance"), List.of("capture", "run"));
        CommandLine root = gw();
        for (List<String> path : withText) {
            String[] p = path.toArray(String[]::new);
            assertTrue(help(p).contains("    --text=<host:port>"), path + ": " + out);
            assertEquals(List.of("Text gateway address (where end clients connect)."),
                    List.of(option(root, "--text", p).description()), path.toString());
            assertEquals(!withWs.contains(path), option(root, "--ws", p) == null, path.toString());
        }
        for (List<String> path : withWs) {
            String[] p = path.toArray(String[]::new);
            assertTrue(help(p).contains("    --ws=<host:port>"), path + ": " + out);
            assertEquals(List.of("Websocket gateway address (where end clients connect)."),
                    List.of(option(root, "--ws", p).description()), path.toString());
        }
        // the register options that are not the mixin's (one address, or optional) keep its label
        for (String[] p : new String[][] {{"torture"}, {"bench", "broadcast"}, {"bench", "sdk"}, {"conformance"}}) {
            assertTrue(help(p).contains("--register=<host:port>"), List.of(p) + ": " + out);
        }
        assertEquals(List.of(option(root, "--register", "gateway").description()),
                List.of(option(root, "--register", "bench", "sdk").description()));
    }

    @Test
    void aCommandThatNeedsTextSaysSoAsAUsageError() {
        String e = usageError("torture", "--register", "127.0.0.1:1", "--inner", "127.0.0.1:3");
        assertEquals(List.of("error: Missing required option: '--text=<host:port>'",
                "Try 'gw torture --help' for more information."), e.lines().toList());
        e = usageError("bench", "connections-agent", "--clients", "1");
        assertEquals(List.of("error: Missing required option: '--text=<host:port>'",
                "Try 'gw bench connections-agent --help' for more information."), e.lines().toList());
        e = usageError("bench", "echo");
        assertEquals(List.of("error: give the target's address or --compare",
                "Try 'gw bench echo --help' for more information."), e.lines().toList());
    }

    @Test
    void badAddressesAreUsageErrorsBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        String e = usageError("bench", "echo", "--text", "nohostport");
        assertTrue(e.startsWith("error: Invalid value for option '--text'") && e.contains(
                "expected HOST:PORT, got \"nohostport\""), e);
        e = usageError("status", "-r", "127.0.0.1:1", "-r", "::1:1236");
        assertTrue(e.startsWith("error: Invalid value for option '--register'"), e);
        usageError("conformance", "--captures", dir.toString(), "--register", "127.0.0.1:1", "--text", "127.0.0.1:2",
                "--ws", "ws");
        usageError("torture", "--register", "127.0.0.1", "--text", "127.0.0.1:2", "--inner", "127.0.0.1:3");
        usageError("connections", "-r", "127.0.0.1:1", "--gateway", "inner");
        usageError("capture", "--listen", "127.0.0.1:0", "--upstream", "upstream", "--link", "text");
        usageError("bench", "connections", "--text", "127.0.0.1:1", "--jmx", "9010");

        Path file = java.nio.file.Files.writeString(dir.resolve("gw.yaml"), "worker:\n  register: [nowhere]\n");
        e = usageError("worker", "--config", file.toString());
        assertTrue(e.startsWith("error: " + file + ": worker.register: Invalid value for option '--register'"), e);

        // --compare targets: every one checked before the first run
        e = usageError("bench", "echo", "--compare", "a=127.0.0.1:1,b=nohostport");
        assertTrue(e.startsWith("error: target b: text: expected HOST:PORT, got \"nohostport\""), e);
        e = usageError("bench", "broadcast", "--compare", "a=127.0.0.1:1,b=127.0.0.1:2");
        assertTrue(e.startsWith("error: target a has no register address"), e);
        e = usageError("bench", "echo", "--compare", "a=text@127.0.0.1:1;pid@12+x,b=127.0.0.1:2");
        assertTrue(e.startsWith("error: target a: pid: expected PID[+PID…], got \"12+x\""), e);
        e = usageError("bench", "echo", "--text", "127.0.0.1:1", "--pid", "gateway");
        assertTrue(e.startsWith("error: target 127.0.0.1:1: pid: expected PID[+PID…]"), e);
    }
}
