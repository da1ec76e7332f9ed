package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * {@code --classpath}: handlers come from a jar that is not on gw's own class path (compiled here), named by
 * {@code --app} or found by ServiceLoader, and the errors for none, several or a wrong class name what was found.
 */
@Tag("socket")
class ClassPathOptionTest {

    private static final String SERVICES = "META-INF/services/io.gwkit.worker.EventHandler";

    @TempDir
    static Path dir;

    private static Path classes;

    @BeforeAll
    static void compileHandlers() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/app"));
        for (String name : List.of("Hello", "Other")) {
            Files.writeString(src.resolve(name + ".java"), "package app;\n"
                    + "public class " + name + " implements io.gwkit.worker.EventHandler {\n"
                    + "  @Override public void onConnect(io.gwkit.worker.EventContext ctx, String clientId) {\n"
                    + "    ctx.sendToCurrentClient(ctx.config().get(\"greeting.word\", \"" + name + "\")"
                    + " + \" from the jar\\n\");\n"
                    + "  }\n"
                    + "}\n");
        }
        classes = TestJars.compile(src, dir.resolve("classes"), "Hello.java", "Other.java");
    }

    /** A jar with the compiled handlers and, when given, a services file listing {@code services}. */
    private static Path jar(String name, String... services) throws IOException {
        return TestJars.jar(dir.resolve(name), classes, Map.of(SERVICES, List.of(services)));
    }

    private static String greetingOfStart(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("start", "--register-port", "0", "--text-port", "0",
                "--ws-port", "0", "--inner-port", "0"));
        args.addAll(List.of(options));
        RunningCommand gw = new RunningCommand(args.toArray(String[]::new));
        try {
            String line = gw.awaitLine();
            Matcher m = Pattern.compile("text gateway 127\\.0\\.0\\.1:(\\d+)").matcher(line);
            assertTrue(m.find(), line);
            try (Socket s = new Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
                s.setSoTimeout(30_000);
                return line + "\n" + new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
            }
        } finally {
            assertEquals(Gw.EXIT_OK, gw.stop());
        }
    }

    @Test
    void startRunsTheOneHandlerTheJarRegisters() throws Exception {
        String out = greetingOfStart("--classpath", jar("one.jar", "app.Hello").toString());
        assertTrue(out.contains(":0 running app.Hello"), out);
        assertTrue(out.endsWith("\nHello from the jar"), out);
    }

    @Test
    void appNamesAClassOfTheJarsOrOfADirectory() throws Exception {
        String out = greetingOfStart("--classpath", jar("two.jar", "app.Hello", "app.Other").toString(),
                "--app", "app.Other");
        assertTrue(out.endsWith("\nOther from the jar"), out);
        assertTrue(greetingOfStart("--classpath", classes.toString(), "--app", "app.Hello")
                .endsWith("\nHello from the jar"));
    }

    @Test
    void appConfigReachesTheHandler() throws Exception {
        Path yaml = Files.writeString(dir.resolve("app.yaml"), "greeting:\n  word: Howdy\n");
        assertTrue(greetingOfStart("--classpath", jar("cfg.jar", "app.Hello").toString(), "--app-config",
                yaml.toString()).endsWith("\nHowdy from the jar"));
        Path props = Files.writeString(dir.resolve("app.properties"), "greeting.word=Hey\n");
        assertTrue(greetingOfStart("--classpath", classes.toString(), "--app", "app.Hello", "--app-config",
                props.toString()).endsWith("\nHey from the jar"));
        String bad = usageError("start", "--app-config", Files.writeString(dir.resolve("bad.yaml"), "- a\n")
                .toString());
        assertTrue(bad.contains("bad.yaml is not a YAML mapping"), bad);
    }

    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        int code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true)).execute(args);
        assertEquals(Gw.EXIT_USAGE, code, err.toString());
        return err.toString();
    }

    @Test
    void noneSeveralOrAWrongClassIsAClearUsageError() throws Exception {
        String none = usageError("worker", "--register", "127.0.0.1:1", "--classpath", jar("none.jar").toString());
        assertTrue(none.contains("no io.gwkit.worker.EventHandler found in --classpath " + dir.resolve("none.jar")
                + " (META-INF/services/io.gwkit.worker.EventHandler); name the class with --app <class>"), none);
        String several = usageError("worker", "--register", "127.0.0.1:1", "--classpath",
                jar("several.jar", "app.Hello", "app.Other").toString());
        assertTrue(several.contains("several io.gwkit.worker.EventHandler found in --classpath "
                + dir.resolve("several.jar") + ": app.Hello, app.Other; choose one with --app <class>"), several);
        String notFound = usageError("start", "--app", "app.Hello");
        assertTrue(notFound.contains("--app app.Hello: class not found in gw's class path (add your jar with "
                + "--classpath)"), notFound);
        String notAHandler = usageError("worker", "--register", "127.0.0.1:1", "--app", "java.lang.String");
        assertTrue(notAHandler.contains("--app java.lang.String does not implement io.gwkit.worker.EventHandler"),
                notAHandler);
        String threads = usageError("worker", "--register", "127.0.0.1:1", "--handler-threads", "-1");
        assertTrue(threads.contains("--handler-threads and --process-timeout must be >= 0"), threads);
        String noFile = usageError("worker", "--register", "127.0.0.1:1", "--classpath", dir.resolve("x.jar")
                .toString());
        assertTrue(noFile.contains("--classpath " + dir.resolve("x.jar") + ": no such file or directory"), noFile);
    }

    @Test
    void optionIsOnEveryRole() {
        Map<String, picocli.CommandLine> roles = Gw.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())).getSubcommands();
        for (String role : List.of("worker", "gateway", "start")) {
            assertTrue(roles.get(role).getCommandSpec().findOption("--classpath") != null, role);
        }
    }
}
