package io.gwkit.conformance.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gwkit.conformance.CallResult;
import io.gwkit.conformance.Capture;
import io.gwkit.conformance.CaptureReader;
import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.Captures;
import io.gwkit.conformance.Difference;
import io.gwkit.conformance.FrameKind;
import io.gwkit.conformance.Hex;
import io.gwkit.conformance.Link;
import io.gwkit.conformance.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

@Tag("socket")
class CaptureComparatorTest {

    private final CaptureComparator full = CaptureComparator.full();

    @TestFactory
    Stream<DynamicTest> everyCapturePassesAgainstItself() {
        return Captures.all().stream().map(p -> DynamicTest.dynamicTest(CaptureReader.scenarioName(p), () -> {
            Capture c = CaptureReader.read(p);
            CaptureComparator.Comparison r = full.compare(c, c);
            assertEquals(Outcome.PASS, r.outcome(), () -> r.differences().toString());
        }));
    }

    /** The same capture with the frames rewritten (a broken target). */
    private static Capture withFrames(Capture c, UnaryOperator<CapturedFrame> change) {
        List<CapturedFrame> frames = new ArrayList<>();
        c.frames().forEach(f -> frames.add(change.apply(f)));
        return new Capture(c.header(), frames, c.results());
    }

    private static CapturedFrame withBytes(CapturedFrame f, byte[] b) {
        return new CapturedFrame(f.index(), f.order(), f.step(), f.link(), f.conn(), f.server(), f.from(), f.to(),
                f.client(), f.kind(), b, f.incomplete());
    }

    private static String text(CapturedFrame f) {
        return new String(f.bytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aGatewayReturningAWrongCountFailsNamingStepFrameAndField() {
        Capture golden = Captures.read("group_counts");
        CapturedFrame reply = golden.frames().stream()
                .filter(f -> f.kind() == FrameKind.REPLY && text(f).matches("(?s)....i:\\d+;")).findFirst().orElseThrow();
        String count = text(reply).substring(6, text(reply).length() - 1);
        byte[] wrong = ("\0\0\0" + (char) (4 + String.valueOf(Long.parseLong(count) + 1).length())
                + "i:" + (Long.parseLong(count) + 1) + ";").getBytes(StandardCharsets.ISO_8859_1);
        Capture broken = withFrames(golden, f -> f == reply ? withBytes(f, wrong) : f);

        CaptureComparator.Comparison r = full.compare(golden, broken);

        assertEquals(Outcome.FAIL, r.outcome());
        Difference d = r.differences().get(0);
        assertEquals(reply.step(), d.step());
        assertEquals("serialized", d.field());
        assertEquals("i:" + count + ";", d.expected());
        assertEquals("i:" + (Long.parseLong(count) + 1) + ";", d.actual());
        assertEquals(reply.index(), d.captureLine());
        assertTrue(d.where().contains("gateway->gatewayclient"), d.where());
        assertEquals(1, d.frameIndex());
        assertEquals(Hex.encode(reply.bytes()), d.expectedHex());
    }

    @Test
    void aWrongCommandByteIsNamedAsCmd() {
        Capture golden = Captures.read("sendToUid_single");
        CapturedFrame target = golden.frames().stream()
                .filter(f -> f.kind() == FrameKind.GATEWAY && (f.bytes()[4] & 0xFF) == 14).findFirst().orElseThrow();
        Capture broken = withFrames(golden, f -> {
            if (f != target) {
                return f;
            }
            byte[] b = f.bytes().clone();
            b[4] = 6;
            return withBytes(f, b);
        });
        Difference d = full.compare(golden, broken).differences().get(0);
        assertEquals("cmd", d.field());
        assertEquals("14", d.expected());
        assertEquals("6", d.actual());
    }

    @Test
    void aMissingClientMessageIsReportedAsAMissingFrame() {
        Capture golden = Captures.read("sendToAll_plain");
        CapturedFrame last = golden.frames().stream().filter(f -> f.link() == Link.CLIENT && f.step() != null)
                .reduce((a, b) -> b).orElseThrow();
        List<CapturedFrame> fewer = new ArrayList<>(golden.frames());
        fewer.remove(last);
        CaptureComparator.Comparison r = full.compare(golden, new Capture(golden.header(), fewer, golden.results()));
        assertEquals(Outcome.FAIL, r.outcome());
        Difference d = r.differences().get(0);
        assertEquals("frame", d.field());
        assertEquals(null, d.actual());
        assertNotNull(d.expected());
    }

    @Test
    void masksCoverClientPortWorkerKeyAddressOrderAndServerHeader() {
        Capture golden = Captures.read("ws_lifecycle");
        Capture other = withFrames(golden, f -> {
            byte[] b = f.bytes().clone();
            if (f.kind() == FrameKind.GATEWAY && f.from().equals("gateway") && List.of(1, 3, 4, 205).contains(b[4] & 0xFF)) {
                b[15] = 0x12; // mask 1: the client's ephemeral port
                b[16] = 0x34;
                return withBytes(f, b);
            }
            String s = text(f);
            if (f.kind() == FrameKind.GATEWAY && (b[4] & 0xFF) == 200) { // mask 2: worker_key and pack_len
                return withBytes(f, RecordingFrames.frame(200, s.substring(28).replace("phpBusinessWorker:0", "BusinessWorker:0")));
            }
            if (s.contains("broadcast_addresses")) { // mask 4: address order
                return withBytes(f, s.replace("\"127.0.0.1:2900\",\"127.0.0.1:2901\"", "\"127.0.0.1:2901\",\"127.0.0.1:2900\"")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            if (f.kind() == FrameKind.HTTP && s.contains("Server: workerman")) { // mask 5
                return withBytes(f, s.replace("Server: workerman/4.0.19", "Server: gwkit").getBytes(StandardCharsets.ISO_8859_1));
            }
            return f;
        });
        assertEquals(Outcome.PASS, full.compare(golden, other).outcome(), () -> full.compare(golden, other).differences().toString());
        CaptureComparator strict = new CaptureComparator(new Masks(false), (l, r) -> true);
        CaptureComparator.Comparison r = strict.compare(golden, other);
        assertEquals(Outcome.FAIL, r.outcome(), "without mask 5 the Server header counts");
        assertTrue(r.differences().stream().allMatch(d -> d.field().equals("text")), r.differences().toString());
    }

    @Test
    void theDocumentedGroupListBugIsADeviationWithItsReason() {
        Capture golden = Captures.read("all_group_lists");
        List<CallResult> results = new ArrayList<>();
        for (CallResult r : golden.results()) {
            results.add(r.method().equals("getAllGroupUidList")
                    ? new CallResult(r.index(), r.order(), r.step(), r.method(), JsonNodeFactory.instance.objectNode(),
                            "a:0:{}".getBytes(StandardCharsets.UTF_8), "", null)
                    : r);
        }
        CaptureComparator.Comparison c = full.compare(golden, new Capture(golden.header(), golden.frames(), results));
        assertEquals(Outcome.DEVIATION, c.outcome());
        assertEquals(1, c.differences().size());
        assertTrue(c.differences().get(0).deviation().contains("docs/PROTOCOL.md §9"));
    }

    @Test
    void anyOtherResultDifferenceFails() {
        Capture golden = Captures.read("online_checks");
        List<CallResult> results = new ArrayList<>(golden.results());
        CallResult r = results.get(0);
        results.set(0, new CallResult(r.index(), r.order(), r.step(), r.method(), JsonNodeFactory.instance.booleanNode(false),
                "b:0;".getBytes(StandardCharsets.UTF_8), "", null));
        CaptureComparator.Comparison c = full.compare(golden, new Capture(golden.header(), golden.frames(), results));
        assertEquals(Outcome.FAIL, c.outcome());
        assertEquals("result_serialized", c.differences().get(0).field());
        assertEquals(r.step(), c.differences().get(0).step());
    }

    @Test
    void startupFramesCountOnlyInStartupScenarios() throws IOException {
        Capture golden = Captures.read("sendToClient");
        Capture noStartup = new Capture(golden.header(),
                golden.frames().stream().filter(f -> f.step() != null).toList(), golden.results());
        assertEquals(Outcome.PASS, full.compare(golden, noStartup).outcome());
        Capture startup = Captures.read("startup");
        Capture startupMissing = new Capture(startup.header(),
                startup.frames().stream().filter(f -> f.step() != null).toList(), startup.results());
        assertEquals(Outcome.FAIL, full.compare(startup, startupMissing).outcome());
    }

    @Test
    void gwkitExtensionFramesAreLeftOutAndOnlyThey() {
        Capture golden = Captures.read("sendToAll_plain");
        CapturedFrame event = golden.frames().stream().filter(f -> f.kind() == FrameKind.GATEWAY && f.step() != null
                && f.from().equals("gateway") && (f.bytes()[4] & 0xFF) == 3).findFirst().orElseThrow();
        byte[] ack = RecordingFrames.frame(251, "\0\0\0\0\0\0\0\1");
        Capture gwkit = withExtra(golden, event, withBytes(event, RecordingFrames.frame(201, "gwkit-acks")),
                withBytes(event, ack), withBytes(event, RecordingFrames.frame(250, "")));
        assertEquals(Outcome.PASS, full.compare(golden, gwkit).outcome());
        Capture ping = withExtra(golden, event, withBytes(event, RecordingFrames.frame(201, "")));
        assertEquals(Outcome.FAIL, full.compare(golden, ping).outcome(), "a plain PING is not left out");
    }

    /** The capture with {@code extra} frames right after {@code after}. */
    private static Capture withExtra(Capture c, CapturedFrame after, CapturedFrame... extra) {
        List<CapturedFrame> frames = new ArrayList<>(c.frames());
        frames.addAll(frames.indexOf(after) + 1, List.of(extra));
        return new Capture(c.header(), frames, c.results());
    }

    @Test
    void onlyObservedLinksAreCompared() {
        Capture golden = Captures.read("sendToUid_single");
        Capture clientsOnly = new Capture(golden.header(),
                golden.frames().stream().filter(f -> f.link() == Link.CLIENT).toList(), golden.results());
        CaptureComparator live = new CaptureComparator(new Masks(true), (l, r) -> l == Link.CLIENT);
        assertEquals(Outcome.PASS, live.compare(golden, clientsOnly).outcome());
        assertEquals(Outcome.FAIL, full.compare(golden, clientsOnly).outcome());
    }

    /** Builds frames for the tests. */
    static final class RecordingFrames {
        static byte[] frame(int cmd, String body) {
            byte[] bb = body.getBytes(StandardCharsets.ISO_8859_1);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(28 + bb.length);
            b.putInt(28 + bb.length).put((byte) cmd).put(new byte[16]).put((byte) 1).putShort((short) 0).putInt(0).put(bb);
            return b.array();
        }
    }

}
