package io.gwkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No module imports another module's {@code internal} package (docs/DESIGN.md): what a module needs from
 * another is that module's public API. Scans the Java sources (main and test) of every module of the
 * repository: a package belongs to the module whose {@code src/main/java} declares it.
 */
class ModuleBoundaryTest {

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?([\\w.]+)\\s*;");
    /** A fully qualified reference in code, e.g. {@code io.gwkit.client.internal.Foo.bar()}. */
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");
    private static final Pattern QUALIFIED = Pattern.compile("\\b(io\\.gwkit(?:\\.\\w+)*\\.internal)\\.[A-Z]\\w*");

    @Test
    void noModuleReachesIntoAnotherModulesInternalPackage() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Map<String, String> ownerOfPackage = new HashMap<>();
        List<Path> modules = modules(root);
        for (Path module : modules) {
            for (Path file : javaFiles(module.resolve("src/main/java"))) {
                Matcher m = PACKAGE.matcher(Files.readString(file));
                if (m.find()) {
                    ownerOfPackage.putIfAbsent(m.group(1), module.getFileName().toString());
                }
            }
        }
        assertTrue(ownerOfPackage.containsKey("io.gwkit.client.internal"), "scanned " + root + ": " + modules);
        List<String> violations = new ArrayList<>();
        for (Path module : modules) {
            String name = module.getFileName().toString();
            for (Path file : javaFiles(module.resolve("src"))) {
                String text = Files.readString(file);
                for (String pkg : internalPackagesUsed(text)) {
                    String owner = ownerOfPackage.get(pkg);
                    if (owner != null && !owner.equals(name)) {
                        violations.add(root.relativize(file) + " uses " + pkg + " (module " + owner + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "make what these need public API of its module, or move it");
    }

    @Test
    void seesImportsAndQualifiedNames() {
        String source = "package a;\nimport io.gwkit.client.internal.Foo;\nimport static io.gwkit.x.internal.Bar.baz;\n"
                + "/** like io.gwkit.z.internal.Doc */ class A { Object o = io.gwkit.y.internal.Q.make(); }\n";
        assertEquals(List.of("io.gwkit.client.internal", "io.gwkit.x.internal", "io.gwkit.y.internal"),
                internalPackagesUsed(source));
    }

    /** The {@code …internal} packages a source file's code names (comments aside), in order of appearance. */
    static List<String> internalPackagesUsed(String withComments) {
        String source = COMMENT.matcher(withComments).replaceAll(" ");
        List<String> used = new ArrayList<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            String name = imports.group(1);
            int internal = name.indexOf(".internal.");
            if (internal >= 0 && !used.contains(name.substring(0, internal + ".internal".length()))) {
                used.add(name.substring(0, internal + ".internal".length()));
            }
        }
        Matcher qualified = QUALIFIED.matcher(source);
        while (qualified.find()) {
            if (!used.contains(qualified.group(1))) {
                used.add(qualified.group(1));
            }
        }
        return used;
    }

    private static List<Path> modules(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root, 3)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("src")))
                    .filter(d -> !d.toString().contains("/target/") && !d.toString().contains("/.git/"))
                    .sorted()
                    .toList();
        }
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
