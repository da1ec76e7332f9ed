package io.gwkit.conformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.gwkit.conformance.CaptureReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs user-style subclasses of {@link GatewayWorkerConformance} through the JUnit engine, as surefire
 * would: one dynamic test per selected scenario, named after it, against the embedded target; and a live
 * target that is not there fails its scenarios instead of passing.
 */
@Tag("socket")
class GatewayWorkerConformanceTest {

    @ConformanceTarget(only = {"sendToUid_single", "online_checks"}, reportDir = "target/gwkit-conformance-test")
    static class EmbeddedTwoScenarios extends GatewayWorkerConformance {
    }

    @ConformanceTarget(reportDir = "target/gwkit-conformance-broken")
    static class BrokenCaptures extends GatewayWorkerConformance {
    }

    static class Unannotated extends GatewayWorkerConformance {
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    @Test
    void oneDynamicTestPerScenarioAgainstTheEmbeddedCluster() throws Exception {
        Events events = run(EmbeddedTwoScenarios.class);
        events.assertStatistics(s -> s.started(2).succeeded(2).failed(0));
        List<String> names = events.started().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
        assertEquals(List.of("online_checks", "sendToUid_single"), names);
        assertTrue(Files.exists(Path.of("target/gwkit-conformance-test/report.html")));
    }

    @Test
    void aScenarioThatCannotRunFailsItsTestAndSystemPropertiesOverrideTheAnnotation(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("broken" + CaptureReader.SUFFIX), "not a capture\n");
        System.setProperty("gwkit.conformance.captures", dir.toString());
        try {
            Events events = run(BrokenCaptures.class);
            events.assertStatistics(s -> s.started(1).failed(1));
            assertEquals("broken", events.failed().list().get(0).getTestDescriptor().getDisplayName());
        } finally {
            System.clearProperty("gwkit.conformance.captures");
        }
    }

    @Test
    void aClassWithoutTheAnnotationFailsLoudly() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(Unannotated.class)).execute().containerEvents()
                .assertStatistics(s -> s.failed(1));
    }

    @Test
    void theCapturesAreBundledForUsers() throws Exception {
        assertTrue(CaptureReader.list(BundledCaptures.dir()).size() >= 29);
    }
}
