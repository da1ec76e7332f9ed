package io.gwkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads gwcap v1 files and scenario definitions. */
public final class CaptureReader {

    /** File name suffix of a capture. */
    public static final String SUFFIX = ".gwcap.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CaptureReader() {
    }

    public static Capture read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        }
    }

    public static Capture read(BufferedReader r, String name) throws IOException {
        String first = r.readLine();
        if (first == null) {
            throw new IOException(name + ": empty file, expected a gwcap header line");
        }
        JsonNode h = parse(first, name, 1);
        if (!(h instanceof ObjectNode) || h.path("gwcap").asInt() != 1) {
            throw new IOException(name + ": line 1 is not a gwcap v1 header");
        }
        CaptureHeader header = new CaptureHeader((ObjectNode) h);
        List<CapturedFrame> frames = new ArrayList<>();
        List<CallResult> results = new ArrayList<>();
        String line;
        int lineNo = 1;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = parse(line, name, lineNo);
            if (n.has("gwcap")) {
                continue; // a second proxy appending to the same file wrote its own header
            }
            int i = n.has("i") ? n.get("i").asInt() : 0;
            long order = n.has("t") ? n.get("t").asLong() : lineNo;
            Integer step = n.hasNonNull("step") ? n.get("step").asInt() : null;
            if (n.has("method")) {
                byte[] ser = n.hasNonNull("result_serialized_hex")
                        ? Hex.decode(n.get("result_serialized_hex").asText())
                        : n.path("result_serialized").asText("").getBytes(StandardCharsets.UTF_8);
                results.add(new CallResult(i, order, step == null ? -1 : step, n.get("method").asText(),
                        n.get("result"), ser, text(n, "output"), text(n, "exception")));
            } else {
                try {
                    frames.add(new CapturedFrame(i, order, step, Link.of(n.path("link").asText()), text(n, "conn"),
                            text(n, "server"), text(n, "from"), text(n, "to"), text(n, "client"),
                            FrameKind.of(n.path("decoded").path("type").asText("raw")),
                            Hex.decode(n.path("hex").asText("")), n.path("incomplete").asBoolean(false)));
                } catch (IllegalArgumentException e) {
                    throw new IOException(name + ":" + lineNo + ": " + e.getMessage(), e);
                }
            }
        }
        if (frames.stream().anyMatch(f -> f.index() == 0)) {
            // lines appended by recording proxies carry a shared clock instead of an index
            frames.sort(Comparator.comparingLong(CapturedFrame::order));
        }
        return new Capture(header, frames, results);
    }

    /** Reads a scenario definition ({@code scenarios/<name>.json}) or the header of a capture. */
    public static CaptureHeader readScenario(Path file) throws IOException {
        if (file.getFileName().toString().endsWith(SUFFIX)) {
            return read(file).header();
        }
        JsonNode n = JSON.readTree(file.toFile());
        if (!(n instanceof ObjectNode)) {
            throw new IOException(file + ": a scenario must be a JSON object");
        }
        return new CaptureHeader((ObjectNode) n);
    }

    /** Every {@code *.gwcap.jsonl} in a directory, sorted by name. */
    public static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The scenario name a capture file is named after. */
    public static String scenarioName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(SUFFIX) ? n.substring(0, n.length() - SUFFIX.length()) : n;
    }

    private static JsonNode parse(String line, String name, int lineNo) throws IOException {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IOException(name + ":" + lineNo + ": not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
