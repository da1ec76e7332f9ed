package io.gwkit.cli;

import io.gwkit.bench.ConnectionAgents;
import io.gwkit.bench.IdleClients;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gw bench connections-agent} (hidden): one child process of {@code gw bench connections --agents};
 * holds its share of idle clients and answers the parent over stdin/stdout ({@link ConnectionAgents#AGENT_PROTOCOL}).
 */
@Command(name = "connections-agent", hidden = true,
        description = "Internal: idle clients of one gw bench connections agent process.")
public final class BenchConnectionsAgentCommand implements Callable<Integer> {

    /** Clients opened and closed on a local stand-in before "ready": enough for the JIT to compile the path. */
    private static final int WARM_UP_CLIENTS = 3_000;

    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.Text text;

    @Option(names = "--clients", required = true)
    int clients;

    @Option(names = "--source-ips", split = ",", paramLabel = "<ip>")
    List<String> sourceIps = new ArrayList<>();

    @Option(names = "--io-threads", defaultValue = "1")
    int ioThreads;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "<seconds>")
    double timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress address = BenchOptions.address(text.required(spec));
        PrintWriter out = spec.commandLine().getOut();
        // Standard output is the protocol with the parent; anything logged from here on (Netty warnings through the
        // launcher's Logback console appender, which writes to whatever System.out is) goes to standard error.
        System.setOut(System.err);
        Duration timeout = Duration.ofMillis((long) (timeoutSeconds * 1000));
        IdleClients.Local.warmUp(WARM_UP_CLIENTS, ioThreads, timeout);
        try (IdleClients.Local local = new IdleClients.Local(address, clients, sourceIps, ioThreads, timeout)) {
            out.println("ready");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("close"); ) {
                if (line.equals("open")) {
                    try {
                        local.open(new AtomicLong());
                    } catch (RuntimeException e) {
                        out.println("failed " + e.getMessage().replace('\n', ' '));
                        out.flush();
                        return Gw.EXIT_ERROR;
                    }
                    out.println("opened " + clients);
                    out.flush();
                } else if (line.equals("check")) {
                    IdleClients.Check c = local.check();
                    out.println("answered " + c.answered() + " connected " + c.connected());
                    out.flush();
                }
            }
        }
        return Gw.EXIT_OK;
    }
}
