package io.gwkit;

import static org.junit.jupiter.api.Assertions.fail;

import io.gwkit.client.GatewayClient;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK's public API baseline (OkHttp's {@code okhttp.api} idea): every public and protected signature of
 * the SDK's non-{@code internal} packages, sorted, is checked in as {@code sdk/api/gwkit-sdk.api}. A removed
 * or changed signature (a break for users) or an added one fails this test until the file is updated on
 * purpose: rerun with {@code -Dgwkit.writeApi=true} and commit the diff, which a reviewer then sees.
 *
 * <p>Why a signature file and not only japicmp: japicmp compares two jars, and gwkit has no released jar to
 * compare with yet; a checked-in jar is not wanted. The sdk pom's {@code api-baseline} profile runs japicmp
 * once a baseline jar exists (docs/PUBLISHING.md).
 */
class ApiSignatureTest {

    private static final Path API_FILE = Path.of("api", "gwkit-sdk.api");

    static List<String> signatures() throws Exception {
        Path classes = Path.of(GatewayClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeSet<String> lines = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(p).toString().replace('/', '.').replace('\\', '.');
                name = name.substring(0, name.length() - ".class".length());
                if (name.contains(".internal.") || name.endsWith("package-info")) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, ApiSignatureTest.class.getClassLoader());
                if (visible(c)) {
                    describe(c, lines);
                }
            }
        }
        return new ArrayList<>(lines);
    }

    /** Public, and (for nested classes) reachable through public or protected enclosing classes. */
    private static boolean visible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic()
                    || !(Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers()))) {
                return false;
            }
        }
        return true;
    }

    private static void describe(Class<?> c, TreeSet<String> lines) {
        String owner = c.getName();
        lines.add(owner + " " + c.toGenericString()
                + (c.getGenericSuperclass() == null || c.getSuperclass() == Object.class || c.isEnum() || c.isRecord()
                        ? "" : " extends " + c.getGenericSuperclass().getTypeName())
                + interfaces(c));
        for (Field f : c.getDeclaredFields()) {
            if (exposed(f.getModifiers()) && !f.isSynthetic()) {
                lines.add(owner + " " + f.toGenericString());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (exposed(k.getModifiers()) && !k.isSynthetic()) {
                lines.add(owner + " " + k.toGenericString());
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (exposed(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                lines.add(owner + " " + m.toGenericString());
            }
        }
    }

    private static String interfaces(Class<?> c) {
        StringBuilder sb = new StringBuilder();
        for (java.lang.reflect.Type t : c.getGenericInterfaces()) {
            sb.append(sb.length() == 0 ? " implements " : ", ").append(t.getTypeName());
        }
        return sb.toString();
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    @Test
    void publicApiMatchesTheCheckedInBaseline() throws Exception {
        List<String> current = signatures();
        if (Boolean.getBoolean("gwkit.writeApi")) {
            Files.write(API_FILE, current, StandardCharsets.UTF_8);
            return;
        }
        List<String> baseline = Files.exists(API_FILE) ? Files.readAllLines(API_FILE, StandardCharsets.UTF_8) : List.of();
        TreeSet<String> removed = new TreeSet<>(baseline);
        current.forEach(removed::remove);
        TreeSet<String> added = new TreeSet<>(current);
        baseline.forEach(added::remove);
        if (!removed.isEmpty() || !added.isEmpty()) {
            StringBuilder sb = new StringBuilder("the SDK's public API differs from sdk/" + API_FILE
                    + " (rerun with -Dgwkit.writeApi=true if this is intended, and commit the file)\n");
            removed.forEach(l -> sb.append("  REMOVED or changed (breaks users): ").append(l).append('\n'));
            added.forEach(l -> sb.append("  added: ").append(l).append('\n'));
            fail(sb.toString());
        }
    }
}
