package io.gwkit.faults;

import io.gwkit.netty.Transports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} class of the test classpath run in its own JVM, so a test can kill it for real
 * ({@link #kill()}: SIGKILL, the kernel closes its sockets without any goodbye) or run it under a lower
 * file-descriptor limit. Its stdout lines can be awaited; stderr (slf4j-simple's log) is kept.
 */
final class ChildJvm implements AutoCloseable {

    /** Linux's USER_HZ: /proc/PID/stat counts CPU time in 1/100 s. */
    private static final double TICKS_PER_SECOND = 100;

    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    private final Thread stdoutPump;

    private ChildJvm(Process process) {
        this.process = process;
        stdoutPump = pump(process.getInputStream(), stdout::add, "child-stdout");
        pump(process.getErrorStream(), stderr::add, "child-stderr");
    }

    /** Once the child has exited: every stdout line not awaited yet, to its end. */
    List<String> remainingStdout() throws InterruptedException {
        stdoutPump.join(TimeUnit.SECONDS.toMillis(30));
        List<String> lines = new ArrayList<>();
        stdout.drainTo(lines);
        return lines;
    }

    /** Starts {@code mainClass} with {@code args}; {@code fdLimit > 0} lowers the soft RLIMIT_NOFILE first. */
    static ChildJvm start(Class<?> mainClass, int fdLimit, String... args) throws IOException {
        return start(List.of(), List.of(), mainClass, fdLimit, args);
    }

    /** The same on Netty transport {@code transport} ({@code -Dgwkit.transport}: io_uring, epoll or nio). */
    static ChildJvm startOn(String transport, Class<?> mainClass, int fdLimit, String... args) throws IOException {
        return start(List.of(), List.of("-D" + Transports.PROPERTY + "=" + transport), mainClass, fdLimit, args);
    }

    /** The same in network namespace {@code netns} ({@code ip netns exec} execs, so the pid is still the JVM's). */
    static ChildJvm startIn(String netns, Class<?> mainClass, String... args) throws IOException {
        return start(List.of("ip", "netns", "exec", netns), List.of(), mainClass, 0, args);
    }

    private static ChildJvm start(List<String> prefix, List<String> jvmOptions, Class<?> mainClass, int fdLimit,
            String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        if (fdLimit > 0) {
            // exec: the pid we hold is the JVM's, not a shell's
            cmd.addAll(List.of("bash", "-c", "ulimit -n " + fdLimit + " && exec \"$0\" \"$@\""));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(jvmOptions);
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(cmd).start());
    }

    private static Thread pump(InputStream in, java.util.function.Consumer<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The next stdout line starting with {@code prefix} (earlier lines are skipped), without the prefix. */
    String awaitLine(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String line = stdout.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("child printed no \"" + prefix + "\" line within " + seconds
                        + " s (alive: " + process.isAlive() + "); its log:\n" + String.join("\n", stderr));
            }
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
    }

    List<String> log() {
        return List.copyOf(stderr);
    }

    long pid() {
        return process.pid();
    }

    /** utime + stime of the child so far, in seconds. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        // fields after "(comm) ": state is field 3, utime field 14, stime field 15
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /** SIGKILL: no shutdown hook, no close; the kernel closes the sockets. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Asks for a clean stop (stdin closed), killing after a grace. */
    @Override
    public void close() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** For child mains: blocks until the parent closes our stdin (or dies). */
    static void awaitParentClose() throws IOException {
        while (System.in.read() >= 0) {
            // ignore input
        }
    }
}
