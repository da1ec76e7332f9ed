package io.gwkit.conformance.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.conformance.Capture;
import io.gwkit.conformance.CaptureReader;
import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.Captures;
import io.gwkit.conformance.FrameKind;
import io.gwkit.conformance.Hex;
import io.gwkit.conformance.Link;
import io.gwkit.conformance.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The runner's end clients send exactly the bytes of the captures' test clients. */
class TestClientBytesTest {

    @TestFactory
    Stream<DynamicTest> everyClientFrameOfEveryCaptureIsWhatTheRunnerSends() {
        return Captures.all().stream().map(p -> DynamicTest.dynamicTest(CaptureReader.scenarioName(p), () -> {
            Capture c = CaptureReader.read(p);
            List<Step> steps = c.header().steps();
            int checked = 0;
            for (CapturedFrame f : c.frames()) {
                if (f.link() != Link.CLIENT || !f.from().equals("client")) {
                    continue;
                }
                Step step = steps.get(f.step());
                String expected = Hex.encode(f.bytes());
                List<String> candidates = new ArrayList<>();
                boolean ws = f.server().equals(c.header().wsGatewayAddress());
                if (f.kind() == FrameKind.HTTP) {
                    candidates.add(Hex.encode(TestClient.handshake(step.path(), f.server(), step.headers())));
                } else if (step.op() == Step.Op.CLOSE) {
                    candidates.add(Hex.encode(TestClient.wsFrame(8, new byte[0])));
                } else if (ws) {
                    candidates.add(Hex.encode(TestClient.wsFrame(step.opcode(), step.payload())));
                } else {
                    byte[] payload = step.payload();
                    byte[] line = java.util.Arrays.copyOf(payload, payload.length + 1);
                    line[payload.length] = '\n';
                    candidates.add(Hex.encode(line));
                }
                assertTrue(candidates.contains(expected), "line " + f.index() + ": step " + step.describe());
                checked++;
            }
            assertEquals(c.frames().stream().filter(f -> f.link() == Link.CLIENT && f.from().equals("client")).count(), checked);
        }));
    }
}
