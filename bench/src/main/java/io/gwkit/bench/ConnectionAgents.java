package io.gwkit.bench;

import io.gwkit.netty.Transports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idle clients spread over child JVMs ("agents": this same program, {@code gw bench connections-agent}), so
 * a run is not capped by one process's file descriptors (20 000 here) nor by one source address's ephemeral
 * ports towards one destination. Each agent binds its own source addresses (127.0.1.2 to .17 for the first,
 * 127.0.2.x for the second, … unless given) and talks to this process over a line protocol, see
 * {@link #AGENT_PROTOCOL}.
 */
public final class ConnectionAgents implements IdleClients {

    /**
     * Agent → parent: {@code ready} once started (it connects nothing before {@code open}). Parent → agent:
     * {@code open} (answer: {@code opened N} once its clients are welcomed, or {@code failed REASON}, then it
     * exits); {@code check} (answer: {@code answered A connected C}); {@code close} or end of input (the agent
     * closes its clients and exits).
     */
    public static final String AGENT_PROTOCOL =
            "ready ; open -> opened N | failed R ; check -> answered A connected C ; close";

    /** The most clients one agent opens by default: well below the 20 000 descriptors of a process here. */
    public static final int CLIENTS_PER_AGENT = 9_000;

    /** Loopback source addresses per agent when none are given. */
    static final int DEFAULT_SOURCE_IPS = 16;

    private static final String END = "\u0000end";

    private final InetSocketAddress target;
    private final int clients;
    private final int agentCount;
    private final List<String> sourceIps;
    private final Duration timeout;
    private final List<Agent> agents = new ArrayList<>();

    private record Agent(Process process, PrintWriter in, BlockingQueue<String> out) {
    }

    /** {@code agents} processes for {@code clients} clients; {@code sourceIps} empty: 127.0.0.2, .3, … */
    public ConnectionAgents(InetSocketAddress target, int clients, int agents, List<String> sourceIps,
                            Duration timeout) {
        if (agents < 1 || agents > clients) {
            throw new IllegalArgumentException("agents must be in 1.." + clients + ", got " + agents);
        }
        this.target = target;
        this.clients = clients;
        this.agentCount = agents;
        this.sourceIps = sourceIps;
        this.timeout = timeout;
    }

    /** Agents needed so none holds more than {@link #CLIENTS_PER_AGENT} clients. */
    public static int agentsFor(int clients) {
        return (clients + CLIENTS_PER_AGENT - 1) / CLIENTS_PER_AGENT;
    }

    /**
     * Source addresses of agent {@code k}: its share of {@code given}, or, if none are given, its own
     * {@value #DEFAULT_SOURCE_IPS} loopback addresses 127.0.(k+1).2 to .17. One address is not enough: a client
     * bound to an address takes its port by bind(), which cannot reuse a port still in TIME_WAIT from an earlier
     * round, and the ports bind() prefers (about 14 000) ran out on the third round of 5 000 clients an agent.
     */
    static List<String> sourceIpsOf(int k, int agents, List<String> given) {
        if (given.isEmpty()) {
            List<String> own = new ArrayList<>(DEFAULT_SOURCE_IPS);
            for (int j = 0; j < DEFAULT_SOURCE_IPS; j++) {
                own.add("127.0." + (k + 1) + "." + (j + 2));
            }
            return own;
        }
        if (given.size() <= agents) {
            return List.of(given.get(k % given.size()));
        }
        List<String> mine = new ArrayList<>();
        for (int j = k; j < given.size(); j += agents) {
            mine.add(given.get(j));
        }
        return mine;
    }

    /** Starts the agent processes and waits for each one's {@code ready}: a JVM's start is not a connect. */
    @Override
    public void prepare() throws Exception {
        for (int k = 0; k < agentCount; k++) {
            int share = clients / agentCount + (k < clients % agentCount ? 1 : 0);
            agents.add(launch(share, sourceIpsOf(k, agentCount, sourceIps)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int k = 0; k < agents.size(); k++) {
            String line = next(agents.get(k), deadline);
            if (!line.equals("ready")) {
                throw new IllegalStateException("agent " + k + " did not start: " + line);
            }
        }
    }

    @Override
    public List<Long> processes() {
        return agents.stream().map(a -> a.process.pid()).toList();
    }

    @Override
    public void open(AtomicLong opened) throws Exception {
        if (agents.isEmpty()) {
            prepare();
        }
        agents.forEach(a -> a.in.println("open"));
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(10);
        for (int k = 0; k < agents.size(); k++) {
            String line = next(agents.get(k), deadline);
            if (!line.startsWith("opened ")) {
                throw new IllegalStateException("agent " + k + ": " + line);
            }
            opened.addAndGet(Long.parseLong(line.substring(7).trim()));
        }
    }

    @Override
    public Check check() throws Exception {
        agents.forEach(a -> a.in.println("check"));
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(10);
        long answered = 0;
        long connected = 0;
        for (int k = 0; k < agents.size(); k++) {
            String[] f = next(agents.get(k), deadline).split(" ");
            if (f.length != 4 || !f[0].equals("answered") || !f[2].equals("connected")) {
                throw new IllegalStateException("agent " + k + " answered the check with: " + String.join(" ", f));
            }
            answered += Long.parseLong(f[1]);
            connected += Long.parseLong(f[3]);
        }
        return new Check(answered, connected);
    }

    @Override
    public void close() {
        for (Agent a : agents) {
            a.in.println("close");
            a.in.close();
        }
        for (Agent a : agents) {
            try {
                if (!a.process.waitFor(30, TimeUnit.SECONDS)) {
                    a.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                a.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        agents.clear();
    }

    private Agent launch(int share, List<String> ips) throws IOException {
        // C1 only: with C2 the agents were still compiling during the timed connect (generator CPU per
        // connection 190-260 µs against 75-90 with C1 after the same warm-up)
        List<String> cmd = new ArrayList<>(List.of(javaCommand(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        // The agents run their clients on this process's transport and log through its configuration (the
        // launcher's: Netty's io_uring warnings silenced; without it Logback logs everything at DEBUG).
        for (String property : List.of(Transports.PROPERTY, "logback.configurationFile")) {
            if (System.getProperty(property) != null) {
                cmd.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.gwkit.cli.Gw",
                "bench", "connections-agent",
                "--text", new io.gwkit.protocol.HostPort(target.getHostString(), target.getPort()).toString(),
                "--clients", Integer.toString(share),
                "--source-ips", String.join(",", ips),
                "--io-threads", "1",
                "--timeout", Double.toString(timeout.toMillis() / 1000.0)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("failed reading the agent's output: " + e);
            } finally {
                lines.add(END);
            }
        }, "bench-agent-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        return new Agent(p, new PrintWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8),
                true), lines);
    }

    private static String next(Agent a, long deadline) throws InterruptedException {
        String line = a.out.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new IllegalStateException("agent " + a.process.pid() + " did not answer in time");
        }
        if (line.equals(END)) {
            a.out.add(END);
            return "exited (" + (a.process.isAlive() ? "output closed" : "code " + a.process.exitValue()) + ")";
        }
        return line;
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
