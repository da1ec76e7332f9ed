package io.gwkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gw cluster --config FILE}: the nodes a file's {@code cluster:} section lays out (a register, gateways with
 * their listeners, workers), run in this process as the role commands would run them. Starts register, then
 * gateways, then workers, each once the previous has printed that it runs; stops in the order that loses no
 * accepted event (gateways, workers, register).
 */
@Command(name = "cluster",
        header = "Run a cluster laid out in a YAML file (register, gateways, workers) in one process.",
        description = {
            "The file's cluster: section holds register: {keys of gw register}, gateways: [{keys of gw gateway}], "
                    + "workers: [{keys of gw worker}] and, for every node, secret / secret-file. Gateways and workers "
                    + "without a register key use the cluster's register. GW_<ROLE>_<OPTION> environment variables "
                    + "override every node of that role. See docs/OPERATIONS.md.",
            "Runs until Ctrl-C / SIGTERM, then stops gateways, workers, register in that order."})
public final class ClusterCommand implements Callable<Integer> {

    private static final long START_WAIT_SECONDS = 60;
    private static final Set<String> SECTION_KEYS = Set.of("register", "gateways", "workers", "secret", "secret-file");

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "<file.yaml>", required = true, description = "The layout file.")
    Path file;

    final RunUntilStopped lifecycle = new RunUntilStopped();

    /** One node: its command line, its thread, and the latch its first output line opens. */
    private record Node(String name, RunUntilStopped lifecycle, Thread thread, CountDownLatch started,
                        StringBuilder firstLine, AtomicInteger exit) {
    }

    @Override
    public Integer call() throws Exception {
        Map<?, ?> layout = layout();
        Map<String, Object> shared = new LinkedHashMap<>();
        for (String key : List.of("secret", "secret-file")) {
            if (layout.get(key) != null) {
                shared.put(key, layout.get(key));
            }
        }
        Map<?, ?> register = map(layout.get("register"), "cluster.register");
        List<?> gatewayKeys = list(layout.get("gateways"), "cluster.gateways");
        List<?> workerKeys = list(layout.get("workers"), "cluster.workers");
        if (register == null && gatewayKeys.isEmpty() && workerKeys.isEmpty()) {
            throw new ParameterException(spec.commandLine(), file + ": cluster: lays out no node");
        }
        // every node's arguments once before anything runs, so a bad key anywhere stops the start
        String[] registerArgs = register == null ? null
                : args("register", "cluster.register", merged(shared, register, null));
        String plannedRegister = register == null ? null : "127.0.0.1:1236";
        nodeArgs(shared, gatewayKeys, workerKeys, plannedRegister);
        List<Node> registers = new ArrayList<>();
        List<Node> gateways = new ArrayList<>();
        List<Node> workers = new ArrayList<>();
        try {
            String registerAddress = null;
            if (registerArgs != null) {
                Node node = started(start(registerArgs));
                registers.add(node);
                // where it really listens (its port may have been 0), as it printed: "... listening on HOST:PORT"
                Matcher m = Pattern.compile("listening on (\\S+):(\\d+)").matcher(node.firstLine().toString());
                registerAddress = m.find() ? m.group(1).replace("0.0.0.0", "127.0.0.1") + ":" + m.group(2)
                        : plannedRegister;
            }
            for (String[] args : nodeArgs(shared, gatewayKeys, workerKeys, registerAddress)) {
                Node node = started(start(args));
                (args[0].equals("gateway") ? gateways : workers).add(node);
            }
            spec.commandLine().getOut().println("cluster " + file + ": " + registers.size() + " register, "
                    + gateways.size() + " gateways, " + workers.size() + " worker groups running");
            spec.commandLine().getOut().flush();
            lifecycle.await(() -> stopAll(registers, gateways, workers));
        } catch (Exception e) {
            stopAll(registers, gateways, workers);
            throw e;
        }
        return Gw.EXIT_OK;
    }

    /** The gateways' then the workers' arguments, each using {@code register} where it names none. */
    private List<String[]> nodeArgs(Map<String, Object> shared, List<?> gateways, List<?> workers, String register) {
        List<String[]> planned = new ArrayList<>();
        for (int i = 0; i < gateways.size(); i++) {
            String where = "cluster.gateways[" + i + "]";
            planned.add(args("gateway", where, merged(shared, map(gateways.get(i), where), register)));
        }
        for (int i = 0; i < workers.size(); i++) {
            String where = "cluster.workers[" + i + "]";
            planned.add(args("worker", where, merged(shared, map(workers.get(i), where), register)));
        }
        return planned;
    }

    /** Waits until {@code node} printed its first line (it runs), or fails when it stopped instead. */
    private static Node started(Node node) throws InterruptedException {
        if (!node.started().await(START_WAIT_SECONDS, TimeUnit.SECONDS) || !node.thread().isAlive()) {
            throw new IllegalStateException(node.name() + " did not start (exit " + node.exit().get() + ")");
        }
        return node;
    }

    private Map<?, ?> layout() {
        Object root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException | YAMLException e) {
            throw new ParameterException(spec.commandLine(), "cannot read config " + file + ": " + e.getMessage());
        }
        Map<?, ?> top = map(root, "top level");
        Map<?, ?> layout = top == null ? null : map(top.get("cluster"), "cluster");
        if (layout == null) {
            throw new ParameterException(spec.commandLine(), file + ": no cluster: section");
        }
        for (Object key : layout.keySet()) {
            if (!SECTION_KEYS.contains(String.valueOf(key))) {
                throw new ParameterException(spec.commandLine(), file + ": cluster." + key + ": unknown key; cluster "
                        + "takes " + String.join(", ", new java.util.TreeSet<>(SECTION_KEYS)));
            }
        }
        return layout;
    }

    /** The node's keys, with the shared secret and the cluster's register where the node names none. */
    private static Map<String, Object> merged(Map<String, Object> shared, Map<?, ?> node, String register) {
        Map<String, Object> keys = new LinkedHashMap<>(shared);
        if (node != null) {
            node.forEach((k, v) -> keys.put(String.valueOf(k), v));
        }
        if (keys.containsKey("secret") && node != null && node.containsKey("secret-file")) {
            keys.remove("secret");
        }
        if (keys.containsKey("secret-file") && node != null && node.containsKey("secret")) {
            keys.remove("secret-file");
        }
        if (register != null && !keys.containsKey("register")) {
            keys.put("register", register);
        }
        return keys;
    }

    private String[] args(String role, String where, Map<String, Object> keys) {
        CommandLine probe = Gw.commandLine(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()));
        try {
            return ConfigFile.node(probe, role, file + ": " + where, keys, System.getenv()).args();
        } catch (ParameterException e) { // reported by this command, not by the probe's silent one
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private Node start(String[] args) {
        CountDownLatch started = new CountDownLatch(1);
        StringBuilder firstLine = new StringBuilder();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter nodeOut = new PrintWriter(new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                synchronized (out) {
                    out.write(buf, off, len);
                }
                for (int k = off; k < off + len && started.getCount() > 0; k++) {
                    if (buf[k] == '\n') {
                        started.countDown();
                    } else {
                        firstLine.append(buf[k]);
                    }
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                flush();
            }
        }, true);
        CommandLine cl = Gw.commandLine(nodeOut, spec.commandLine().getErr());
        Object command = cl.getSubcommands().get(args[0]).getCommand();
        RunUntilStopped nodeLifecycle = command instanceof RegisterCommand r ? r.lifecycle
                : command instanceof GatewayCommand g ? g.lifecycle : ((WorkerCommand) command).lifecycle;
        nodeLifecycle.ignoreSignals();
        AtomicInteger exit = new AtomicInteger(-1);
        String name = String.join(" ", args).replaceAll("--secret \\S+", "--secret ***");
        Thread thread = new Thread(() -> {
            exit.set(cl.execute(args));
            started.countDown(); // a node that failed to start must not hold the others up
        }, "gw-cluster-" + args[0]);
        thread.start();
        return new Node(name, nodeLifecycle, thread, started, firstLine, exit);
    }

    private static void stopAll(List<Node> registers, List<Node> gateways, List<Node> workers)
            throws InterruptedException {
        for (List<Node> group : List.of(gateways, workers, registers)) {
            for (Node n : group) {
                n.lifecycle().stop();
            }
            for (Node n : group) {
                n.thread().join(TimeUnit.SECONDS.toMillis(60));
            }
        }
    }

    private Map<?, ?> map(Object value, String where) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new ParameterException(spec.commandLine(), file + ": " + where + ": expected a mapping of keys");
        }
        return m;
    }

    private List<?> list(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> l)) {
            throw new ParameterException(spec.commandLine(), file + ": " + where + ": expected a list of nodes");
        }
        return l;
    }
}
