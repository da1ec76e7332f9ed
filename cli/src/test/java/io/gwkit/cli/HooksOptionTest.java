package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.register.RegisterServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --hooks} and ServiceLoader discovery of {@code io.gwkit.gateway.GatewayHooks} on {@code gw start} and
 * {@code gw gateway}: hooks compiled here into a jar that is not on gw's class path, seen refusing a websocket handshake.
 */
@Tag("socket")
class HooksOptionTest {

    private static final String SERVICES = "META-INF/services/io.gwkit.gateway.GatewayHooks";
    private static final String UPGRADE = "GET /?token=x HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    @TempDir
    static Path dir;

    private static Path classes;

    @BeforeAll
    static void compileHooks() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/app"));
        for (String name : List.of("Gate", "OtherGate")) {
            Files.writeString(src.resolve(name + ".java"), "package app;\n"
                    + "import io.gwkit.gateway.GatewayHooks;\n"
                    + "public class " + name + " implements GatewayHooks {\n"
                    + "  @Override public java.util.concurrent.CompletionStage<Handshake.Result> onWebSocketHandshake("
                    + "Handshake h) {\n"
                    + "    return Handshake.reject(403, \"" + name + " from the jar\");\n"
                    + "  }\n"
                    + "}\n");
        }
        Files.writeString(src.resolve("Device.java"), "package app;\n"
                + "public class Device implements io.gwkit.gateway.ClientProtocol {\n"
                + "  @Override public String scheme() { return \"device\"; }\n"
                + "  @Override public void initChannel(io.netty.channel.ChannelPipeline p, int max) {\n"
                + "    p.addLast(new io.netty.handler.codec.LineBasedFrameDecoder(max));\n"
                + "  }\n"
                + "}\n");
        // gw start with --classpath runs the one EventHandler of the jars too
        Files.writeString(src.resolve("Nop.java"), "package app;\n"
                + "public class Nop implements io.gwkit.worker.EventHandler {\n}\n");
        classes = TestJars.compile(src, dir.resolve("classes"), "Gate.java", "OtherGate.java", "Nop.java",
                "Device.java");
    }

    private static Path jar(String name, String... services) throws IOException {
        return TestJars.jar(dir.resolve(name), classes, Map.of(SERVICES, List.of(services),
                "META-INF/services/io.gwkit.gateway.ClientProtocol", List.of("app.Device"),
                "META-INF/services/io.gwkit.worker.EventHandler", List.of("app.Nop")));
    }

    /**
     * Runs gw with {@code args}, upgrades at the websocket address its first line names, returns the answer. With
     * {@code worker}, a worker (cmd 200) first connects to the inner address the line names: a gateway without
     * workers closes its clients.
     */
    private static String handshakeAnswer(String addressPattern, boolean worker, String... args) throws Exception {
        RunningCommand gw = new RunningCommand(args);
        FakeWorker inner = null;
        try {
            String line = gw.awaitLine();
            Matcher m = Pattern.compile(addressPattern).matcher(line);
            assertTrue(m.find(), line);
            if (worker) {
                Matcher i = Pattern.compile("inner 127\\.0\\.0\\.1:(\\d+)").matcher(line);
                assertTrue(i.find(), line);
                inner = new FakeWorker(Integer.parseInt(i.group(1)));
            }
            try (Socket s = new Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            if (inner != null) {
                inner.close();
            }
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }

    private static String[] start(String... options) {
        List<String> args = new ArrayList<>(List.of("start", "--register-port", "0", "--text-port", "0",
                "--ws-port", "0", "--inner-port", "0"));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    @Test
    void startUsesTheOneGatewayHooksTheJarRegistersOrTheNamedOne() throws Exception {
        String answer = handshakeAnswer("ws://127\\.0\\.0\\.1:(\\d+)", false,
                start("--classpath", jar("one.jar", "app.Gate").toString()));
        assertTrue(answer.startsWith("HTTP/1.1 403 Forbidden\r\n"), answer);
        assertTrue(answer.endsWith("\r\n\r\nGate from the jar"), answer);
        answer = handshakeAnswer("ws://127\\.0\\.0\\.1:(\\d+)", false,
                start("--classpath", classes.toString(), "--app", "app.Nop", "--hooks", "app.OtherGate"));
        assertTrue(answer.endsWith("\r\n\r\nOtherGate from the jar"), answer);
    }

    @Test
    void gatewayTakesHooksToo() throws Exception {
        try (RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build()) {
            int port = register.start().getPort();
            String answer = handshakeAnswer("listening on 127\\.0\\.0\\.1:(\\d+)", true, "gateway", "--listen",
                    "websocket://127.0.0.1:0", "--register", "127.0.0.1:" + port, "--inner-port", "0",
                    "--classpath", jar("gate.jar", "app.Gate").toString());
            assertTrue(answer.endsWith("\r\n\r\nGate from the jar"), answer);
        }
    }

    @Test
    void gatewayListensOnTheSchemeOfAClientProtocolTheJarRegisters() throws Exception {
        try (RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build()) {
            int port = register.start().getPort();
            RunningCommand gw = new RunningCommand("gateway", "--listen", "device://127.0.0.1:0", "--register",
                    "127.0.0.1:" + port, "--inner-port", "0", "--classpath", jar("device.jar", "app.Gate").toString());
            try {
                assertTrue(gw.awaitLine().contains(" listening on 127.0.0.1:"));
            } finally {
                assertEquals(Gw.EXIT_OK, gw.stop());
            }
        }
        StringWriter err = new StringWriter();
        int code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true)).execute("gateway",
                "--listen", "device://127.0.0.1:0", "--register", "127.0.0.1:1");
        assertEquals(Gw.EXIT_USAGE, code, err.toString());
        assertTrue(err.toString().contains("unknown listener protocol"), err.toString());
    }

    @Test
    void severalRegisteredHooksOrAWrongClassIsAUsageError() throws Exception {
        StringWriter err = new StringWriter();
        int code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true))
                .execute(start("--no-demo", "--classpath", jar("two.jar", "app.Gate", "app.OtherGate").toString()));
        assertEquals(Gw.EXIT_USAGE, code, err.toString());
        assertTrue(err.toString().contains("several io.gwkit.gateway.GatewayHooks found"), err.toString());
        assertTrue(err.toString().contains("--hooks <class>"), err.toString());
        err = new StringWriter();
        code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true))
                .execute(start("--no-demo", "--classpath", classes.toString(), "--hooks", "app.Missing"));
        assertEquals(Gw.EXIT_USAGE, code, err.toString());
        assertTrue(err.toString().contains("--hooks app.Missing: class not found"), err.toString());
    }
}
