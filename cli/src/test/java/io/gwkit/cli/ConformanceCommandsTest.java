package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceCommandsTest {

    private static final Path CAPTURES = Path.of("..", "conformance-tests", "src", "test", "resources", "captures", "php");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Gw.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void captureShowDecodesCommandsAndUnserializesSessions() {
        assertEquals(Gw.EXIT_OK, run("capture", "show", CAPTURES.resolve("session_set_update_get.gwcap.jsonl").toString()));
        String s = out.toString();
        assertTrue(s.contains("scenario session_set_update_get"), s);
        assertTrue(s.contains("== startup"), s);
        assertTrue(s.contains("== step 0: connect c1 (text)"), s);
        assertTrue(s.contains("CMD_SET_SESSION(204)"), s);
        assertTrue(s.contains("ext={\"name\":\"张三\""), "sessions are shown unserialized");
        assertTrue(s.contains("result getSession = "), s);
    }

    @Test
    void usageErrorsExitWithTwo(@TempDir Path empty) throws Exception {
        assertEquals(Gw.EXIT_USAGE, run("conformance"));
        assertEquals(Gw.EXIT_USAGE, run("conformance", "--captures", empty.resolve("missing").toString()));
        assertEquals(Gw.EXIT_USAGE, run("conformance", "--captures", CAPTURES.toString(), "--register", "127.0.0.1:1"));
        assertEquals(Gw.EXIT_USAGE, run("conformance", "--captures", empty.toString()));
        assertTrue(err.toString().contains("no capture in"), err.toString());
        assertEquals(Gw.EXIT_USAGE, run("capture"));
    }

    /** Uses the canonical ports: the embedded target announces 2900/2901 behind recording proxies. */
    @Test
    void startupScenariosPassAgainstTheEmbeddedCluster(@TempDir Path dir) throws Exception {
        Path junit = dir.resolve("junit.xml");
        Path html = dir.resolve("report.html");
        int code = run("conformance", "--captures", CAPTURES.toString(), "--only", "startup*",
                "--junit", junit.toString(), "--report", html.toString(), "--out-dir", dir.resolve("out").toString());
        assertEquals(Gw.EXIT_OK, code, out + "\n" + err);
        String s = out.toString();
        assertTrue(s.contains("PASS      startup\n") || s.contains("PASS      startup" + System.lineSeparator()), s);
        assertTrue(s.strip().endsWith("2 passed, 0 failed, 0 deviations"), s);
        assertTrue(Files.readString(junit).contains("tests=\"2\" failures=\"0\" errors=\"0\""));
        assertTrue(Files.exists(html));
        assertTrue(Files.exists(dir.resolve("out").resolve("index.json")));
        assertTrue(Files.exists(dir.resolve("out").resolve("startup.actual.gwcap.jsonl")));
    }
}
