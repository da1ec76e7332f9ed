package io.gwkit.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gwkit.conformance.wire.FrameDecoder;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class CaptureReaderWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The writer reproduces every golden line: index, step, link, roles, hex and the decoded view. */
    @TestFactory
    Stream<DynamicTest> writingAGoldenCaptureReproducesItsLines() {
        return Captures.all().stream().map(p -> DynamicTest.dynamicTest(CaptureReader.scenarioName(p), () -> {
            Capture c = CaptureReader.read(p);
            StringWriter w = new StringWriter();
            CaptureWriter.write(c, w);
            List<String> golden = Files.readAllLines(p);
            List<String> written = new BufferedReader(new StringReader(w.toString())).lines().toList();
            assertEquals(golden.size(), written.size());
            assertEquals(JSON.readTree(golden.get(0)), JSON.readTree(written.get(0)));
            for (int i = 1; i < golden.size(); i++) {
                JsonNode g = JSON.readTree(golden.get(i));
                JsonNode x = JSON.readTree(written.get(i));
                assertEquals(g, x, p.getFileName() + " line " + (i + 1));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> decodedTypeMatchesTheSplitterKind() {
        return Stream.of("ws_lifecycle", "secret_api_calls").map(name -> DynamicTest.dynamicTest(name, () -> {
            for (CapturedFrame f : Captures.read(name).frames()) {
                assertEquals(f.kind().wireName(), FrameDecoder.decode(f.kind(), f.bytes()).path("type").asText());
                assertArrayEquals(f.bytes(), Hex.decode(Hex.encode(f.bytes())));
            }
        }));
    }
}
