package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.cluster.LocalCluster;
import io.gwkit.testkit.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config FILE.yaml} and GW_* environment overrides become options; bad keys and values are named. */
@Tag("socket")
class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void workerRunsFromAConfigFileWithItsSecretInAnotherFile() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().workers(0).secretKey("k").build().start()) {
            Files.writeString(dir.resolve("secret"), "k\n");
            Path config = write("""
                    common: &common
                      secret-file: %s
                    worker:
                      <<: *common
                      register: [127.0.0.1:%d]
                      name: cfgWorker
                      count: 2
                    gateway:
                      listen: [text://127.0.0.1:0]
                    """.formatted(dir.resolve("secret"), cluster.registerAddress().getPort()));
            RunningCommand gw = new RunningCommand("worker", "--config", config.toString());
            assertTrue(gw.awaitLine().startsWith("worker cfgWorker x2 (demo) subscribed to register 127.0.0.1:"),
                    gw.out.toString());
            Await.until("two workers at the text gateway", () -> cluster.textGateway().workerCount() >= 2);
            assertEquals(2, cluster.textGateway().workerCount()); // the secret from the file was accepted
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFile() throws Exception {
        Path config = write("worker:\n  register: [10.0.0.1:1236, 10.0.0.2:1236]\n  count: 2\n  name: fromFile\n"
                + "  secret: fromFile\n");
        String[] args = {"worker", "--config", config.toString(), "--name", "fromArgs"};
        ConfigFile.Expansion e = ConfigFile.expand(Gw.commandLine(sink(), sink()), args,
                Map.of("GW_WORKER_COUNT", "3", "GW_SECRET", "fromEnv"));
        assertEquals(List.of("worker", "--config", config.toString(), "--name", "fromArgs",
                "--register", "10.0.0.1:1236", "--register", "10.0.0.2:1236", "--count", "3", "--secret", "fromEnv"),
                List.of(e.args()));
    }

    @Test
    void gwCallTakesTheSecretFromTheEnvironmentBeforeAnEndOfOptions() {
        ConfigFile.Expansion e = ConfigFile.expand(Gw.commandLine(sink(), sink()),
                new String[] {"call", "-r", "127.0.0.1:1", "sendToAll", "--", "-1"}, Map.of("GW_SECRET", "fromEnv"));
        assertEquals(List.of("call", "-r", "127.0.0.1:1", "sendToAll", "--secret", "fromEnv", "--", "-1"),
                List.of(e.args()));
        e = ConfigFile.expand(Gw.commandLine(sink(), sink()),
                new String[] {"call", "-r", "127.0.0.1:1", "-s", "given", "isOnline", "x"}, Map.of("GW_SECRET", "env"));
        assertEquals(List.of("call", "-r", "127.0.0.1:1", "-s", "given", "isOnline", "x"), List.of(e.args()));
    }

    @Test
    void secretFileOnTheCommandLineBeatsTheEnvironment() throws Exception {
        Path secret = dir.resolve("s");
        Files.writeString(secret, "fromFile\n");
        ConfigFile.Expansion e = ConfigFile.expand(Gw.commandLine(sink(), sink()),
                new String[] {"status", "-r", "127.0.0.1:1", "--secret-file", secret.toString()},
                Map.of("GW_SECRET", "fromEnv"));
        assertEquals(List.of("status", "-r", "127.0.0.1:1", "--secret-file", secret.toString(), "--secret", "fromFile"),
                List.of(e.args()));
        String err = fails("status", "-r", "127.0.0.1:1", "--secret", "x", "--secret-file", secret.toString());
        assertTrue(err.contains("--secret and --secret-file: give one of them"), err);
    }

    @Test
    void aFileWithoutSectionsIsOneRolesKeys() throws Exception {
        Path config = write("listen: 127.0.0.1:0\nmetrics: 127.0.0.1:0\n");
        ConfigFile.Expansion e = ConfigFile.expand(Gw.commandLine(sink(), sink()),
                new String[] {"register", "--config=" + config}, Map.of());
        assertEquals(List.of("register", "--config=" + config, "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0"),
                List.of(e.args()));
    }

    @Test
    void theWorkersSendToGatewayBufferSizeComesFromTheFileAndIsChecked() throws Exception {
        Path config = write("worker:\n  register: 127.0.0.1:1\n  send-to-gateway-buffer-size: 65536\n");
        ConfigFile.Expansion e = ConfigFile.expand(Gw.commandLine(sink(), sink()),
                new String[] {"worker", "--config", config.toString()}, Map.of());
        assertEquals(List.of("worker", "--config", config.toString(), "--register", "127.0.0.1:1",
                "--send-to-gateway-buffer-size", "65536"), List.of(e.args()));
        String err = fails("worker", "--register", "127.0.0.1:1", "--send-to-gateway-buffer-size", "1");
        assertTrue(err.contains("--send-to-gateway-buffer-size must be at least 2"), err);
    }

    @Test
    void anUnknownKeyIsRejectedByName() throws Exception {
        Path config = write("worker:\n  register: 127.0.0.1:1\n  cuont: 2\n");
        String err = fails("worker", "--config", config.toString());
        assertTrue(err.contains(config + ": worker.cuont: unknown key; worker takes "), err);
        assertTrue(err.contains("count"), err);
    }

    @Test
    void aBadValueIsRejectedNamingTheKey() throws Exception {
        String err = fails("worker", "--config", write("worker:\n  register: 127.0.0.1:1\n  count: many\n").toString());
        assertTrue(err.contains("worker.count: Invalid value for option '--count': 'many' is not an int"), err);
        // checked by the command itself, after parsing
        err = fails("register", "--config", write("register:\n  listen: nowhere\n").toString());
        assertTrue(err.contains("register.listen: expected HOST:PORT, got \"nowhere\""), err);
        err = fails("worker", "--config", write("worker:\n  register: 127.0.0.1:1\n  count: [1, 2]\n").toString());
        assertTrue(err.contains("worker.count: takes one value, got a list"), err);
        err = fails("gateway", "--config", write("gateway: [1, 2]\n").toString());
        assertTrue(err.contains("gateway: expected a mapping of keys"), err);
        err = fails("worker", "--config", write("worker:\n  register: 127.0.0.1:1\n  secret-file: "
                + dir.resolve("missing") + "\n").toString());
        assertTrue(err.contains("worker.secret-file: cannot read secret file"), err);
        err = fails("worker", "--config", dir.resolve("absent.yaml").toString());
        assertTrue(err.contains("cannot read config"), err);
    }

    @Test
    void theSecretValueIsNeverQuoted() throws Exception {
        String err = fails("register", "--config", write("register:\n  listen: bad\n  secret: hunter2\n").toString());
        assertFalse(err.contains("hunter2"), err);
    }

    private Path write(String yaml) throws Exception {
        Path p = Files.createTempFile(dir, "gw", ".yaml");
        Files.writeString(p, yaml);
        return p;
    }

    private static String fails(String... args) {
        StringWriter err = new StringWriter();
        int code = Gw.commandLine(sink(), new PrintWriter(err, true)).execute(args);
        assertEquals(Gw.EXIT_USAGE, code, err.toString());
        return err.toString();
    }

    private static PrintWriter sink() {
        return new PrintWriter(new StringWriter(), true);
    }
}
