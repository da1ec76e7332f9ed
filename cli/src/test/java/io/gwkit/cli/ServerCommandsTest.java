package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@Tag("socket")
class ServerCommandsTest {

    private static int port(String line, String regex) {
        Matcher m = Pattern.compile(regex).matcher(line);
        assertTrue(m.find(), line);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void registerAndGatewayRunUntilStopped() throws Exception {
        RunningCommand register = new RunningCommand("register", "--listen", "127.0.0.1:0");
        int registerPort = port(register.awaitLine(), "register listening on 127\\.0\\.0\\.1:(\\d+)");

        RunningCommand gateway = new RunningCommand("gateway", "--register", "127.0.0.1:" + registerPort,
                "--listen", "text://127.0.0.1:0", "--lan-ip", "127.0.0.1", "--inner-port", "0", "--count", "2",
                "--slow-client", "drop", "--slow-client-timeout", "2500", "--client-send-buffer", "65536",
                "--worker-gap-events", "100", "--worker-gap-bytes", "65536", "--worker-gap-timeout", "5000");
        String gatewayLine = gateway.awaitLine();
        assertTrue(gatewayLine.startsWith("gateway gateway listening on 127.0.0.1:"), gatewayLine);
        int innerPort = port(gatewayLine, "inner 127\\.0\\.0\\.1:(\\d+)");
        int innerPort1 = port(gatewayLine, "inner 127\\.0\\.0\\.1:\\d+, 127\\.0\\.0\\.1:(\\d+)");

        try (Socket lookup = new Socket("127.0.0.1", registerPort)) {
            lookup.setSoTimeout(15_000);
            lookup.getOutputStream().write("{\"event\":\"worker_connect\",\"secret_key\":\"\"}\n"
                    .getBytes(StandardCharsets.UTF_8));
            String reply = new BufferedReader(new InputStreamReader(lookup.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            // two shards: two gateway addresses, in the order their announcements arrived
            String a = "\"127.0.0.1:" + innerPort + "\"";
            String b = "\"127.0.0.1:" + innerPort1 + "\"";
            assertTrue(reply.equals("{\"event\":\"broadcast_addresses\",\"addresses\":[" + a + "," + b + "]}")
                    || reply.equals("{\"event\":\"broadcast_addresses\",\"addresses\":[" + b + "," + a + "]}"), reply);
        }
        assertEquals(Gw.EXIT_OK, gateway.stop());
        assertEquals(Gw.EXIT_OK, register.stop());
    }

    @Test
    void usageErrors() {
        StringWriter err = new StringWriter();
        CommandLine cl = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(Gw.EXIT_USAGE, cl.execute("gateway", "--listen", "text://127.0.0.1:0"));
        assertEquals(Gw.EXIT_USAGE, cl.execute("gateway", "--register", "127.0.0.1:1", "--listen", "smtp://x:1"));
        assertEquals(Gw.EXIT_USAGE, cl.execute("register", "--listen", "nohostport"));
        assertEquals(Gw.EXIT_USAGE, cl.execute("gateway", "--register", "127.0.0.1:1", "--listen", "text://h:1",
                "--slow-client", "later"));
        assertEquals(Gw.EXIT_USAGE, cl.execute("gateway", "--register", "127.0.0.1:1",
                "--listen", "text://h:1?slow-client=block&speed=3"));
    }

    @Test
    void registerAndInnerPortOnAnOpenAddressRefuseToStartWithoutASecret() {
        String[][] open = {
            {"register", "--listen", "0.0.0.0:0"},
            {"gateway", "--register", "127.0.0.1:1", "--listen", "text://127.0.0.1:0", "--inner-port", "0",
                "--inner-bind", "0.0.0.0:0"},
            {"start", "--host", "0.0.0.0", "--no-demo", "--register-port", "0", "--text-port", "0", "--ws-port", "0",
                "--inner-port", "0"},
        };
        for (String[] args : open) {
            StringWriter err = new StringWriter();
            CommandLine cl = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertEquals(Gw.EXIT_ERROR, cl.execute(args), String.join(" ", args) + ": " + err);
            assertTrue(err.toString().contains("without a secret") && err.toString().contains("--insecure-no-secret"),
                    err.toString());
        }
    }
}
