package io.gwkit.conformance.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gwkit.conformance.Capture;
import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.Captures;
import io.gwkit.conformance.FrameKind;
import io.gwkit.conformance.Outcome;
import io.gwkit.conformance.ScenarioResult;
import io.gwkit.conformance.compare.CaptureComparator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReportsTest {

    private static List<ScenarioResult> results;

    /** A passing scenario, a failing one (a body byte changed) and an error, as a run would produce them. */
    @BeforeAll
    static void results() {
        Capture ok = Captures.read("sendToClient");
        Capture golden = Captures.read("utf8_binary_bodies");
        List<CapturedFrame> frames = new ArrayList<>();
        boolean[] done = {false};
        for (CapturedFrame f : golden.frames()) {
            if (!done[0] && f.kind() == FrameKind.GATEWAY && f.step() != null && f.bytes().length > 30) {
                byte[] b = f.bytes().clone();
                b[b.length - 1] ^= 0x55;
                f = new CapturedFrame(f.index(), f.order(), f.step(), f.link(), f.conn(), f.server(), f.from(), f.to(),
                        f.client(), f.kind(), b, f.incomplete());
                done[0] = true;
            }
            frames.add(f);
        }
        Capture broken = new Capture(golden.header(), frames, golden.results());
        CaptureComparator.Comparison c = CaptureComparator.full().compare(golden, broken);
        results = List.of(
                new ScenarioResult("sendToClient", ok.header().description(), Outcome.PASS, List.of(), ok, ok,
                        Duration.ofMillis(1200), null),
                new ScenarioResult("utf8_binary_bodies", golden.header().description(), c.outcome(), c.differences(),
                        golden, broken, Duration.ofMillis(3400), null),
                new ScenarioResult("startup", "", Outcome.ERROR, List.of(), null, null, Duration.ofMillis(10),
                        "BindException: Address already in use"));
    }

    @Test
    void summaryCountsErrorsAsFailures() {
        assertEquals("1 passed, 2 failed, 0 deviations", Reports.summary(results));
    }

    @Test
    void junitXmlHasOneTestcasePerScenarioWithTheFailureNamed(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("junit.xml");
        Reports.writeJUnit(results, "test <target>", xml);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = d.getDocumentElement();
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        Element failure = (Element) d.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").contains("body"), failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("expected hex:"), failure.getTextContent());
    }

    @Test
    void htmlListsEveryScenarioAndShowsTheDiffSideBySide(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("r/report.html");
        Reports.writeHtml(results, "test <target>", html);
        String s = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(s.contains("test &lt;target&gt;"), "escaped");
        for (ScenarioResult r : results) {
            assertTrue(s.contains("id=\"" + r.scenario() + "\""), r.scenario());
        }
        assertTrue(s.contains("class=\"exp\"") && s.contains("class=\"act\""));
        assertTrue(s.contains("<code>body</code>"));
    }

    @Test
    void outDirHasAnIndexRecordingsAndWireLogs(@TempDir Path dir) throws Exception {
        Reports.writeOutDir(results, "t", dir);
        JsonNode index = new ObjectMapper().readTree(dir.resolve("index.json").toFile());
        assertEquals("FAIL", index.path("scenarios").path("utf8_binary_bodies").path("behavior").asText());
        assertEquals("ERROR", index.path("scenarios").path("startup").path("behavior").asText());
        assertTrue(Files.readString(dir.resolve("utf8_binary_bodies.wirelog.txt")).contains("client->gateway(c1)"));
        assertTrue(Files.exists(dir.resolve("sendToClient.actual.gwcap.jsonl")));
        Reports.writeHtml(results, "ReportsTest sample", Path.of("target", "report-sample.html"));
    }
}
