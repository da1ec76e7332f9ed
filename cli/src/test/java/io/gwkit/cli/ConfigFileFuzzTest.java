package io.gwkit.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Fuzz target for configuration files ({@code --config FILE}, {@link ConfigFile}): whatever the YAML, reading it
 * for a role may only fail with a picocli {@link ParameterException} (a usage error naming the file), never with
 * another exception, a hang (10 s) or an out-of-memory (alias bombs). {@code mvn test} replays
 * {@code ConfigFileFuzzTestInputs/configFile/}; see docs/FUZZING.md.
 *
 * <p>Input: byte 0 picks the role; the rest is the file's bytes (inputs cut at 4 096 bytes).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigFileFuzzTest {

    static final List<String> ROLES = ConfigFile.ROLES.stream().sorted().toList();
    static final int MAX_INPUT = 4096;
    private static Path file;

    @FuzzTest
    void configFile(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        String role = ROLES.get((input[0] & 0xFF) % ROLES.size());
        Files.write(file(), Arrays.copyOfRange(input, 1, Math.min(input.length, MAX_INPUT)));
        CommandLine root = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        try {
            ConfigFile.expand(root, new String[] {role, "--config", file.toString()}, Map.of());
        } catch (ParameterException expected) {
            // a usage error: the command exits 2 naming the file
        }
    }

    private static synchronized Path file() {
        if (file == null) {
            try {
                file = Files.createTempFile("gw-config-fuzz", ".yaml");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            file.toFile().deleteOnExit();
        }
        return file;
    }
}
