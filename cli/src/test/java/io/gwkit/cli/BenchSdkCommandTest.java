package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gw bench sdk} at a tiny size against its in-process sink: every mode measured, medians and ratios. */
@Tag("socket")
class BenchSdkCommandTest {

    @Test
    void everyModeIsMeasuredAndCompared() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Gw.commandLine(new PrintWriter(out), new PrintWriter(err));
        int exit = cl.execute("bench", "sdk", "--sink", "--seconds", "0.2", "--warmup", "0", "--rounds", "2",
                "--threads", "1", "--window", "16");
        assertEquals(Gw.EXIT_OK, exit, err.toString());
        String text = out.toString();
        for (String mode : new String[] {"php-style", "per-call", "pooled", "pooled-async", "socket-floor"}) {
            Matcher m = Pattern.compile("(?m)^med\\s+" + Pattern.quote(mode) + "\\s+isOnline\\s+1\\s+(\\d+)")
                    .matcher(text);
            assertTrue(m.find(), mode + " missing:\n" + text);
            assertTrue(Long.parseLong(m.group(1)) > 0, mode + " made no call:\n" + text);
        }
        assertTrue(text.contains("pooled/php-style = "), text);
        assertTrue(!text.contains("socket-floor sendToClient"), "the floor is a request/reply mode only:\n" + text);
    }

    @Test
    void unknownModeIsAUsageError() {
        CommandLine cl = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertEquals(Gw.EXIT_USAGE, cl.execute("bench", "sdk", "--sink", "--modes", "pooled,teleport"));
    }
}
