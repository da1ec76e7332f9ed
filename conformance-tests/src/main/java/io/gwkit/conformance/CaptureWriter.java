package io.gwkit.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gwkit.conformance.wire.FrameDecoder;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Writes gwcap v1: header, then frames sorted by step and completion order, each step's results after its frames. */
public final class CaptureWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CaptureWriter() {
    }

    /** Sorts frames and results into file order and numbers them ({@code i}). */
    public static Capture normalize(Capture c) {
        List<Object> lines = new ArrayList<>(c.frames());
        lines.addAll(c.results());
        lines.sort(Comparator.comparingInt(CaptureWriter::stepKey)
                .thenComparingInt(o -> o instanceof CallResult ? 1 : 0)
                .thenComparingLong(o -> o instanceof CapturedFrame ? ((CapturedFrame) o).order() : ((CallResult) o).order()));
        List<CapturedFrame> frames = new ArrayList<>();
        List<CallResult> results = new ArrayList<>();
        int i = 0;
        for (Object o : lines) {
            i++;
            if (o instanceof CapturedFrame) {
                frames.add(((CapturedFrame) o).withIndex(i));
            } else {
                results.add(((CallResult) o).withIndex(i));
            }
        }
        return new Capture(c.header(), frames, results);
    }

    public static void write(Capture capture, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(capture, w);
        }
    }

    public static void write(Capture capture, Writer w) throws IOException {
        Capture c = normalize(capture);
        w.write(JSON.writeValueAsString(c.header().json()));
        w.write('\n');
        List<Object> lines = new ArrayList<>(c.frames());
        lines.addAll(c.results());
        lines.sort(Comparator.comparingInt(o -> o instanceof CapturedFrame ? ((CapturedFrame) o).index() : ((CallResult) o).index()));
        for (Object o : lines) {
            w.write(o instanceof CapturedFrame ? frameLine((CapturedFrame) o) : resultLine((CallResult) o));
            w.write('\n');
        }
    }

    /** One frame line; {@code t} (the shared clock) is written when the frame has no index yet. */
    public static String frameLine(CapturedFrame f) {
        ObjectNode n = JSON.createObjectNode();
        if (f.index() > 0) {
            n.put("i", f.index());
        } else {
            n.put("t", f.order());
        }
        if (f.step() == null) {
            n.putNull("step");
        } else {
            n.put("step", f.step());
        }
        n.put("link", f.link().wireName());
        n.put("conn", f.conn());
        n.put("server", f.server());
        n.put("from", f.from());
        n.put("to", f.to());
        if (f.client() != null) {
            n.put("client", f.client());
        }
        n.put("hex", Hex.encode(f.bytes()));
        if (f.incomplete()) {
            n.put("incomplete", true);
        }
        n.set("decoded", FrameDecoder.decode(f.kind(), f.bytes()));
        return toJson(n);
    }

    public static String resultLine(CallResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("i", r.index());
        n.put("step", r.step());
        n.put("method", r.method());
        n.set("result", r.result());
        String ser = new String(r.resultSerialized(), StandardCharsets.UTF_8);
        if (java.util.Arrays.equals(ser.getBytes(StandardCharsets.UTF_8), r.resultSerialized())) {
            n.put("result_serialized", ser);
        } else {
            n.put("result_serialized_hex", Hex.encode(r.resultSerialized()));
        }
        if (r.output() != null && !r.output().isEmpty()) {
            n.put("output", r.output());
        }
        if (r.exception() != null) {
            n.put("exception", r.exception());
        }
        return toJson(n);
    }

    private static int stepKey(Object o) {
        Integer s = o instanceof CapturedFrame ? ((CapturedFrame) o).step() : Integer.valueOf(((CallResult) o).step());
        return s == null ? -1 : s;
    }

    private static String toJson(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
