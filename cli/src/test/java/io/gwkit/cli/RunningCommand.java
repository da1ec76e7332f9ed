package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gwkit.testkit.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** A long-running {@code gw} subcommand on its own thread, its output captured; {@link #stop} acts as Ctrl-C. */
final class RunningCommand {

    static final long WAIT_MILLIS = 30_000;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final AtomicInteger exit = new AtomicInteger(-1);
    private final Thread thread;
    private final RunUntilStopped lifecycle;

    RunningCommand(String... args) {
        CommandLine cl = Gw.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        Object sub = cl.getSubcommands().get(args[0]).getCommand();
        try {
            lifecycle = (RunUntilStopped) sub.getClass().getDeclaredField("lifecycle").get(sub);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(args[0] + " is not a long-running command", e);
        }
        thread = new Thread(() -> exit.set(cl.execute(args)), "gw-" + args[0]);
        thread.start();
    }

    /** Waits for the first complete line on stdout. */
    String awaitLine() throws InterruptedException {
        return await(out, Pattern.compile("(?s).*\\n")).group().trim();
    }

    /** Waits until stdout or stderr (as given) matches {@code regex} somewhere; returns the match. */
    Matcher await(StringWriter stream, Pattern regex) throws InterruptedException {
        try {
            Await.until(regex + " in the output", Duration.ofMillis(WAIT_MILLIS),
                    () -> regex.matcher(stream.toString()).find() || !thread.isAlive());
        } catch (AssertionError timedOut) {
            // reported below, with both streams
        }
        Matcher m = regex.matcher(stream.toString());
        if (m.find()) {
            return m;
        }
        throw new AssertionError("no " + regex + "; exit " + exit.get() + ", stdout: " + out + ", stderr: " + err);
    }

    int stop() throws InterruptedException {
        lifecycle.stop();
        thread.join(WAIT_MILLIS);
        assertFalse(thread.isAlive(), "command did not stop");
        return exit.get();
    }
}
