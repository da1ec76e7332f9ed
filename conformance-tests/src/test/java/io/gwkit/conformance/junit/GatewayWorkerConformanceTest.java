package io.gwkit.conformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.gwkit.conformance.CaptureReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs user-style subclasses of {@link GatewayWorkerConformance} through the JUnit engine, as surefire
 * would: one dynamic test per selected scenario, named after it, against the embedded target; and a live
 * target that is not there fails its scenarios instead of passing.
 */
class GatewayWorkerConformanceTest {

    @ConformanceTarget(only = {"sendToUid_single", "online_checks"}, reportDir = "target/gwkit-conformance-test")
    static class EmbeddedTwoScenarios extends GatewayWorkerConformance {
    }

    @ConformanceTarget(register = "127.0.0.1:1", text = "127.0.0.1:1", ws = "127.0.0.1:1", settleMs = 0,
            only = "sendToClient", reportDir = "target/gwkit-conformance-dead")
    static class DeadLiveTarget extends GatewayWorkerConformance {
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
    void anUnreachableLiveTargetFailsItsScenario() throws Exception {
        Events events = run(DeadLiveTarget.class);
        events.assertStatistics(s -> s.started(1).failed(1));
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
