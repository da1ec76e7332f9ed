package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("socket")
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

    /** The embedded target runs on ports the system picks. */
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

    /** Issue #19 item 2: gateways on other inner ports than the captures' compare once --inner names them. */
    @Test
    void nonCanonicalInnerPortsPassWithInner(@TempDir Path dir) throws Exception {
        int textInner;
        int wsInner;
        try (java.net.ServerSocket a = new java.net.ServerSocket(0); java.net.ServerSocket b = new java.net.ServerSocket(0)) {
            textInner = a.getLocalPort();
            wsInner = b.getLocalPort();
        }
        int code = run("conformance", "--captures", CAPTURES.toString(), "--only", "startup", "sendToClient",
                "offline_and_missing", "--inner", "127.0.0.1:" + textInner + ",127.0.0.1:" + wsInner,
                "--junit", dir.resolve("junit.xml").toString());
        assertEquals(Gw.EXIT_OK, code, out + "\n" + err);
        assertTrue(out.toString().strip().endsWith("3 passed, 0 failed, 0 deviations"), out.toString());
        assertTrue(Files.readString(dir.resolve("junit.xml")).contains("tests=\"3\" failures=\"0\""));
    }

    @Test
    void aLiveTargetThatIsDownFailsAtOnceWithOneLine() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        int code = run("conformance", "--captures", CAPTURES.toString(), "--register", "127.0.0.1:" + closed,
                "--text", "127.0.0.1:" + closed, "--ws", "127.0.0.1:" + closed);
        assertEquals(Gw.EXIT_ERROR, code);
        assertTrue(System.nanoTime() - t0 < java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
        assertEquals("error: target down: cannot connect to the register 127.0.0.1:" + closed, err.toString()
                .lines().findFirst().orElse("").replaceAll(" \\(.*", ""));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertEquals("", out.toString());
        assertEquals(Gw.EXIT_USAGE, run("conformance", "--captures", CAPTURES.toString(), "--inner", "localhost:1"));
    }

    /** Issue #19 item 8: without --out, gw capture writes into the temporary directory, not the current one. */
    @Test
    void captureWithoutOutWritesIntoTheTemporaryDirectory() throws Exception {
        try (java.net.ServerSocket upstream = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.io.PipedReader pipe = new java.io.PipedReader();
            picocli.CommandLine cl = Gw.commandLine(new PrintWriter(out, true),
                    new PrintWriter(new java.io.PipedWriter(pipe), true));
            CaptureCommand capture = (CaptureCommand) cl.getSubcommands().get("capture").getCommand();
            java.util.concurrent.CompletableFuture<Integer> exit = new java.util.concurrent.CompletableFuture<>();
            new Thread(() -> exit.complete(cl.execute("capture", "--listen", "127.0.0.1:0", "--upstream",
                    "127.0.0.1:" + upstream.getLocalPort(), "--link", "text"))).start();
            String line = new java.io.BufferedReader(pipe).readLine();
            Path file = Path.of(line.substring(line.indexOf(" into ") + 6, line.indexOf(" (Ctrl-C")));
            assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "gwkit-captures"), file.getParent(), line);
            assertTrue(file.getFileName().toString().matches("text-\\d{8}-\\d{6}(-\\d+)?\\.gwcap\\.jsonl"), line);
            capture.lifecycle.stop();
            assertEquals(Gw.EXIT_OK, exit.get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(Files.exists(file), file.toString());
            Files.delete(file);
        }
    }

    @Test
    void failuresAgainstAClusterNeverRestartedEndWithAHint() {
        io.gwkit.conformance.ScenarioResult failed = new io.gwkit.conformance.ScenarioResult("sendToClient", "",
                io.gwkit.conformance.Outcome.FAIL, java.util.List.of(), null, null, java.time.Duration.ZERO, null);
        ConformanceCommand.hints(java.util.List.of(failed), true, new PrintWriter(out, true));
        assertTrue(out.toString().startsWith("hint: no --restart-cmd: every scenario ran against the same cluster"),
                out.toString());
        out.getBuffer().setLength(0);
        ConformanceCommand.hints(java.util.List.of(failed), false, new PrintWriter(out, true));
        assertEquals("", out.toString());
    }
}
