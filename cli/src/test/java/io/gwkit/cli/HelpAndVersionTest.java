package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue #19 item 4: --help on every (sub)command, nested 'gw help', 'gw' alone, --version. */
class HelpAndVersionTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Gw.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    /** Every command path under gw, e.g. [start], [bench, echo], [capture, show]. */
    private static List<List<String>> paths(CommandLine cl, List<String> prefix, List<List<String>> into) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            List<String> p = new ArrayList<>(prefix);
            p.add(name);
            into.add(p);
            paths(sub, p, into);
        });
        return into;
    }

    @Test
    void everySubcommandAcceptsHelpEvenWithRequiredOptions() {
        List<List<String>> all = paths(Gw.commandLine(new PrintWriter(out), new PrintWriter(err)), List.of(),
                new ArrayList<>());
        assertTrue(all.size() >= 15, all.toString());
        for (List<String> path : all) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            assertEquals(Gw.EXIT_OK, run(args.toArray(String[]::new)), path + ": " + err);
            String usage = out.toString();
            assertTrue(usage.contains("Usage: gw " + String.join(" ", path) + " ["), path + ": " + usage + err);
            assertEquals("", err.toString(), path.toString());
        }
    }

    @Test
    void helpCommandFollowsTheWholePath() {
        assertEquals(Gw.EXIT_OK, run("help", "bench", "echo"));
        assertTrue(out.toString().contains("Usage: gw bench echo ["), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(Gw.EXIT_OK, run("help", "start"));
        assertTrue(out.toString().contains("Usage: gw start ["), out.toString());
        assertEquals(Gw.EXIT_USAGE, run("help", "bench", "nosuch"));
        assertTrue(err.toString().contains("unknown command 'nosuch' under 'bench'; one of: echo"), err.toString());
    }

    @Test
    void gwAloneAndGroupsAloneAreUsageErrors() {
        assertEquals(Gw.EXIT_USAGE, run());
        assertTrue(err.toString().contains("Usage: gw"), err.toString());
        assertEquals(Gw.EXIT_USAGE, run("bench"));
    }

    @Test
    void versionIsTheProjectVersion() {
        assertEquals(Gw.EXIT_OK, run("--version"));
        assertTrue(out.toString().matches("gw \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(Gw.EXIT_OK, run("start", "--version"));
        assertTrue(out.toString().startsWith("gw "), out.toString());
    }
}
