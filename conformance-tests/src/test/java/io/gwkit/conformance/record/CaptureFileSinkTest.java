package io.gwkit.conformance.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gwkit.conformance.Capture;
import io.gwkit.conformance.CaptureReader;
import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.Link;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("socket")
class CaptureFileSinkTest {

    private static void send(ConnectionRecorder c, boolean up, String line) {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (up) {
            c.fromConnecting(b, 0, b.length);
        } else {
            c.fromListening(b, 0, b.length);
        }
    }

    @Test
    void twoProxiesAppendToOneFileWithOneHeaderAndASharedClock(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.gwcap.jsonl");
        try (CaptureFileSink a = new CaptureFileSink(file); CaptureFileSink b = new CaptureFileSink(file)) {
            ConnectionRecorder register = new Recorder(a).open(Link.REGISTER, "127.0.0.1:1236", null, false);
            ConnectionRecorder text = new Recorder(b).open(Link.CLIENT, "127.0.0.1:8282", null, false);
            send(register, true, "{\"event\":\"gateway_connect\", \"address\":\"127.0.0.1:2900\", \"secret_key\":\"\"}");
            send(text, false, "{\"type\":\"welcome\"}");
            send(text, true, "hello");
            send(register, true, "{\"event\":\"ping\"}");
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(5, lines.size());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("{\"gwcap\":1")).count());
        Capture c = CaptureReader.read(file);
        List<String> texts = c.frames().stream().map(CapturedFrame::bytes)
                .map(x -> new String(x, StandardCharsets.UTF_8).trim()).toList();
        assertEquals(List.of("{\"event\":\"gateway_connect\", \"address\":\"127.0.0.1:2900\", \"secret_key\":\"\"}",
                "{\"type\":\"welcome\"}", "hello", "{\"event\":\"ping\"}"), texts, "ordered by the shared clock");
        assertEquals("gateway", c.frames().get(0).from());
        assertEquals("gateway", c.frames().get(1).from());
        assertEquals("client", c.frames().get(1).to());
    }
}
