package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** The application jars the --classpath tests load: sources compiled against the test classpath, then packed. */
final class TestJars {

    private TestJars() {
    }

    /** Compiles {@code sources} (file names in {@code src}) into {@code classes}, which it returns. */
    static Path compile(Path src, Path classes, String... sources) throws IOException {
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path")));
        for (String source : sources) {
            args.add(src.resolve(source).toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(new String[0])), "javac");
        return classes;
    }

    /** Writes {@code jar} with every file under {@code classes} and the services files given (path → lines). */
    static Path jar(Path jar, Path classes, Map<String, List<String>> services) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
            }
            for (Map.Entry<String, List<String>> file : services.entrySet()) {
                if (!file.getValue().isEmpty()) {
                    out.putNextEntry(new JarEntry(file.getKey()));
                    out.write((String.join("\n", file.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return jar;
    }
}
