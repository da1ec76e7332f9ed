package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Issue #19 item 8: gw's log lines carry a timestamp, and -D properties set level and format. */
@Tag("socket")
class LoggingConfigTest {

    /** Logs one INFO and one DEBUG line, in a JVM of its own (slf4j-simple reads its settings once). */
    public static final class LogOneLine {
        public static void main(String[] args) {
            org.slf4j.LoggerFactory.getLogger("io.gwkit.cli.Probe").info("probe info");
            org.slf4j.LoggerFactory.getLogger("io.gwkit.cli.Probe").debug("probe debug");
        }
    }

    private static String run(String... jvmArgs) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LogOneLine.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void linesCarryATimestampAndTheLevelIsSetWithAProperty() throws Exception {
        String plain = run();
        assertTrue(plain.matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) \\[main\\] INFO "
                + "Probe - probe info\\R"), plain);
        String debug = run("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", "-Dorg.slf4j.simpleLogger.showDateTime=false");
        assertTrue(debug.contains("[main] INFO Probe - probe info") && debug.contains("[main] DEBUG Probe - probe debug"),
                debug);
        assertTrue(!debug.matches("(?s)^\\d{4}-.*"), debug);
    }
}
