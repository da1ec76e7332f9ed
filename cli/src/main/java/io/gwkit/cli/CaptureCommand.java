package io.gwkit.cli;

import io.gwkit.conformance.CaptureWriter;
import io.gwkit.conformance.Link;
import io.gwkit.conformance.record.Recorder;
import io.gwkit.conformance.record.RecordingProxy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Option(names = "--listen", paramLabel = "<host:port>", description = "Address to listen on.")
    String listen;

    @Option(names = "--upstream", paramLabel = "<host:port>", description = "Address to forward to.")
    String upstream;

    @Option(names = "--link", paramLabel = "<link>", description = "Framing of the link: ${COMPLETION-CANDIDATES}.")
    LinkType link;

    @Option(names = "--out", paramLabel = "<file>", description = "gwcap file to append to (created with a header).")
    Path out;

    @Option(names = "--server-name", paramLabel = "<host:port>",
            description = "The server address written in frame lines (default: the --listen address).")
    String serverName;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (listen == null || upstream == null || link == null || out == null) {
            err.println("error: a recording proxy needs --listen, --upstream, --link and --out"
                    + " (or use 'gw capture show FILE' / 'gw capture run ...')");
            spec.commandLine().usage(err);
            return Gw.EXIT_USAGE;
        }
        try (FileChannel file = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            appendHeaderIfEmpty(file);
            Recorder recorder = new Recorder(f -> append(file, CaptureWriter.frameLine(f)));
            Link l = link == LinkType.register ? Link.REGISTER : link == LinkType.inner ? Link.INNER : Link.CLIENT;
            try (RecordingProxy proxy = new RecordingProxy(address(listen), address(upstream), l,
                    serverName != null ? serverName : listen, link == LinkType.websocket, recorder)) {
                err.println("recording " + link + " " + proxy.address() + " -> " + upstream + " into " + out
                        + " (Ctrl-C to stop)");
                err.flush();
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
                forever.await();
            }
        }
        return Gw.EXIT_OK;
    }

    private static void appendHeaderIfEmpty(FileChannel file) throws IOException {
        try (FileLock lock = file.lock()) {
            if (file.size() == 0) {
                String header = "{\"gwcap\":1,\"scenario\":\"proxy\",\"source\":\"gw capture\",\"secret_key\":\"\","
                        + "\"steps\":[],\"client_ids\":{},\"description\":\"recorded by gw capture proxies\"}\n";
                file.write(ByteBuffer.wrap(header.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** One whole line per locked append, so proxies in several processes never interleave inside a line. */
    private static void append(FileChannel file, String line) {
        try (FileLock lock = file.lock()) {
            file.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetSocketAddress address(String hostPort) {
        int c = hostPort.lastIndexOf(':');
        if (c < 0) {
            throw new IllegalArgumentException("expected host:port, got \"" + hostPort + "\"");
        }
        return new InetSocketAddress(hostPort.substring(0, c), Integer.parseInt(hostPort.substring(c + 1)));
    }
}
