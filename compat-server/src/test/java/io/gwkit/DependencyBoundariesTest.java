package io.gwkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #19 item 5: what an SDK user or an EventHandler author gets. The SDK needs jackson-core only and runs
 * without the epoll jars (TransportsTest); only WebhookHandler needs OkHttp, which is optional.
 */
class DependencyBoundariesTest {

    private static final Path SDK = Path.of("..", "sdk");
    private static final Path SERVER = Path.of(".");

    /** Compiled classes under {@code module}/target/classes whose constant pool names {@code internalPrefix}. */
    private static List<String> classesNaming(Path module, String internalPrefix) throws IOException {
        Path classes = module.resolve("target/classes");
        try (Stream<Path> s = Files.walk(classes)) {
            return s.filter(p -> p.toString().endsWith(".class")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(internalPrefix);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(p -> classes.relativize(p).toString()).sorted().toList();
        }
    }

    /** The {@code <dependency>} element of {@code pom} for an artifact (and classifier), as text. */
    private static String dependency(Path pom, String artifactId, String classifier) throws IOException {
        Matcher m = Pattern.compile("<dependency>.*?</dependency>", Pattern.DOTALL).matcher(Files.readString(pom));
        while (m.find()) {
            String d = m.group();
            if (d.contains("<artifactId>" + artifactId + "</artifactId>")
                    && (classifier == null) == !d.contains("<classifier>")) {
                return d;
            }
        }
        throw new AssertionError(artifactId + " not in " + pom);
    }

    @Test
    void theSdkUsesJacksonCoreOnly() throws IOException {
        assertEquals(List.of(), classesNaming(SDK, "com/fasterxml/jackson/databind"));
        assertTrue(dependency(SDK.resolve("pom.xml"), "jackson-databind", null).contains("<scope>test</scope>"));
        dependency(SDK.resolve("pom.xml"), "jackson-core", null);
    }

    @Test
    void theNativeTransportJarsAreOptionalForSdkUsers() throws IOException {
        assertTrue(dependency(SDK.resolve("pom.xml"), "netty-transport-native-epoll", null).contains("<optional>true"));
        assertTrue(dependency(SDK.resolve("pom.xml"), "netty-transport-native-epoll", "linux-x86_64")
                .contains("<optional>true"));
        assertEquals(List.of("io/gwkit/netty/Transports$Native.class"),
                classesNaming(SDK, "io/netty/channel/epoll/").stream().filter(c -> !c.equals("io/gwkit/netty/Transports.class")).toList(),
                "only Transports names epoll classes (Native after a Class.forName check)");
        assertTrue(dependency(SDK.resolve("pom.xml"), "netty-transport-native-io_uring", "linux-x86_64")
                .contains("<optional>true"));
        assertEquals(List.of("io/gwkit/netty/Transports$Uring.class"),
                classesNaming(SDK, "io/netty/channel/uring/").stream().filter(c -> !c.equals("io/gwkit/netty/Transports.class")).toList(),
                "only Transports names io_uring classes (Uring after a Class.forName check)");
    }

    @Test
    void onlyTheWebhookHandlerNeedsOkHttpWhichIsOptional() throws IOException {
        assertEquals(List.of("io/gwkit/http/WebhookHandler$Builder.class", "io/gwkit/http/WebhookHandler.class"),
                classesNaming(SERVER, "okhttp3/").stream().filter(c -> !c.startsWith("io/gwkit/http/WebhookHandler$")
                        || c.equals("io/gwkit/http/WebhookHandler$Builder.class")).toList());
        assertTrue(dependency(SERVER.resolve("pom.xml"), "okhttp-jvm", null).contains("<optional>true"));
    }
}
