package io.gwkit.cli;

import io.gwkit.conformance.Link;
import io.gwkit.conformance.SocketAddresses;
import io.gwkit.conformance.record.CaptureFileSink;
import io.gwkit.conformance.record.Recorder;
import io.gwkit.conformance.record.RecordingProxy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gw capture}: a recording TCP proxy writing gwcap frame lines. Several proxies (one per link) may
 * append to one file; lines carry a shared clock ({@code t}, epoch microseconds) and are ordered by it when
 * the file is read.
 */
@Command(name = "capture",
        header = "Record GatewayWorker traffic as gwcap (recording proxy), show a capture, or record a scenario.",
        description = {
            "Without a subcommand: listen on --listen, forward every connection byte for byte to --upstream, and"
                + " append one gwcap frame line per protocol frame to --out until interrupted.",
            "Point peers at the proxy: e.g. a gateway inner port announced to the register as the --listen"
                + " address, or clients at a proxy in front of a gateway."},
        subcommands = {CaptureShowCommand.class, CaptureRunCommand.class})
public final class CaptureCommand implements Callable<Integer> {

    /** What a proxy records; text and websocket are the two client-link framings. */
    enum LinkType { register, inner, text, websocket }

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = SharedOptions.HOST_PORT, converter = HostPort.Check.class,
            description = "Address to listen on.")
    String listen;

    @Option(names = "--upstream", paramLabel = SharedOptions.HOST_PORT, converter = HostPort.Check.class,
            description = "Address to forward to.")
    String upstream;

    @Option(names = "--link", paramLabel = "<link>", description = "Framing of the link: ${COMPLETION-CANDIDATES}.")
    LinkType link;

    @Option(names = "--out", paramLabel = "<file>",
            description = "gwcap file to append to (created with a header). Default: a new file "
                    + "<tmpdir>/gwkit-captures/<link>-<time>.gwcap.jsonl, never the current directory.")
    Path out;

    /** Stopped by a signal, or by tests through {@link RunUntilStopped#stop()}. */
    final RunUntilStopped lifecycle = new RunUntilStopped();

    @Option(names = "--server-name", paramLabel = "<host:port>",
            description = "The server address written in frame lines (default: the --listen address).")
    String serverName;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (listen == null || upstream == null || link == null) {
            throw new ParameterException(spec.commandLine(), "a recording proxy needs --listen, --upstream and --link"
                    + " (or use 'gw capture show FILE' / 'gw capture run ...')");
        }
        if (out == null) {
            out = defaultOut(link.name());
        }
        try (CaptureFileSink sink = new CaptureFileSink(out)) {
            Recorder recorder = new Recorder(sink);
            Link l = link == LinkType.register ? Link.REGISTER : link == LinkType.inner ? Link.INNER : Link.CLIENT;
            try (RecordingProxy proxy = new RecordingProxy(SocketAddresses.parse(listen), SocketAddresses.parse(upstream), l,
                    serverName != null ? serverName : listen, link == LinkType.websocket, recorder)) {
                err.println("recording " + link + " " + proxy.address() + " -> " + upstream + " into " + out
                        + " (Ctrl-C to stop)");
                err.flush();
                lifecycle.await(() -> { });
            }
        }
        return Gw.EXIT_OK;
    }

    /** A new file in the temporary directory: a capture never lands, unasked, where the user happens to be. */
    static Path defaultOut(String link) throws java.io.IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "gwkit-captures");
        java.nio.file.Files.createDirectories(dir);
        String time = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path file = dir.resolve(link + "-" + time + ".gwcap.jsonl");
        for (int n = 2; java.nio.file.Files.exists(file); n++) {
            file = dir.resolve(link + "-" + time + "-" + n + ".gwcap.jsonl");
        }
        return file;
    }
}
