package io.gwkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gwkit.conformance.CallResult;
import io.gwkit.conformance.Capture;
import io.gwkit.conformance.CaptureReader;
import io.gwkit.conformance.CaptureWriter;
import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.Step;
import io.gwkit.conformance.wire.FrameDecoder;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gw capture show FILE}: a capture, readable: steps, then every frame decoded, grouped by step. */
@Command(name = "show", header = "Pretty-print a gwcap capture (decoded headers, command names, sessions unserialized).")
public final class CaptureShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<file>", description = "A *.gwcap.jsonl file.")
    Path file;

    @Option(names = "--hex", description = "Also print each frame's bytes in hex.")
    boolean hex;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Capture c = CaptureWriter.normalize(CaptureReader.read(file));
        out.println("scenario " + c.scenario() + "  (" + c.header().source() + ")");
        if (!c.header().description().isEmpty()) {
            out.println("  " + c.header().description());
        }
        if (!c.header().secretKey().isEmpty()) {
            out.println("  secret_key " + c.header().secretKey());
        }
        List<Step> steps = c.header().steps();
        List<Object> lines = new ArrayList<>(c.frames());
        lines.addAll(c.results());
        lines.sort(Comparator.comparingInt(o -> o instanceof CapturedFrame ? ((CapturedFrame) o).index() : ((CallResult) o).index()));
        Integer current = -2;
        for (Object o : lines) {
            Integer step = o instanceof CapturedFrame ? ((CapturedFrame) o).step() : Integer.valueOf(((CallResult) o).step());
            if (!java.util.Objects.equals(step, current)) {
                current = step;
                out.println();
                out.println(step == null ? "== startup" : "== step " + step + ": "
                        + (step < steps.size() ? steps.get(step).describe() : "?"));
            }
            if (o instanceof CallResult) {
                CallResult r = (CallResult) o;
                out.printf("%4d  result %s = %s   serialized %s%s%n", r.index(), r.method(), r.result(),
                        new String(r.resultSerialized(), StandardCharsets.UTF_8),
                        r.exception() != null ? "   exception " + r.exception() : "");
            } else {
                CapturedFrame f = (CapturedFrame) o;
                out.printf("%4d  %-10s %-15s %s -> %s%s%s%n", f.index(), f.conn(), f.server(), f.from(), f.to(),
                        f.client() != null ? " [" + f.client() + "]" : "", f.incomplete() ? " (incomplete)" : "");
                out.println("        " + summarize(FrameDecoder.decode(f.kind(), f.bytes())));
                if (hex) {
                    out.println("        hex " + io.gwkit.conformance.Hex.encode(f.bytes()));
                }
            }
        }
        return Gw.EXIT_OK;
    }

    static String summarize(JsonNode d) {
        String type = d.path("type").asText();
        switch (type) {
            case "gateway": {
                StringBuilder sb = new StringBuilder(d.path("cmd_name").asText()).append('(').append(d.path("cmd").asInt()).append(')');
                sb.append(" conn=").append(d.path("connection_id").asLong()).append(" flag=").append(d.path("flag").asInt());
                if (!"0.0.0.0".equals(d.path("local_ip").asText())) {
                    sb.append(" local=").append(d.path("local_ip").asText()).append(':').append(d.path("local_port").asInt())
                            .append(" client=").append(d.path("client_ip").asText()).append(':').append(d.path("client_port").asInt())
                            .append(" gateway_port=").append(d.path("gateway_port").asInt());
                }
                sb.append(" ext=").append(show(d.has("ext_php") ? d.get("ext_php") : d.get("ext_data")));
                sb.append(" body=").append(show(d.has("body_php") ? d.get("body_php") : d.get("body")));
                return sb.toString();
            }
            case "reply":
                return "reply " + show(d.has("php") ? d.get("php") : d.get("serialized")) + "  (" + show(d.get("serialized")) + ")";
            case "ws":
                return "ws opcode=" + d.path("opcode").asInt() + (d.path("masked").asBoolean() ? " masked" : "")
                        + " " + show(d.get("payload"));
            case "line":
                return show(d.get("text"));
            case "http":
                return d.path("text").asText().replace("\r\n", " | ").trim();
            default:
                return d.toString();
        }
    }

    private static String show(JsonNode n) {
        if (n == null) {
            return "";
        }
        return n.isTextual() ? "\"" + n.asText() + "\"" : n.toString();
    }
}
