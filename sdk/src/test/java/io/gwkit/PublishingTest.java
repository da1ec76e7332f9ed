package io.gwkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a repository release needs stays true as modules are added (docs/PUBLISHING.md): the BOM has the
 * parent's version and lists every published jar module (an example sets maven.deploy.skip and is not), and every
 * jar module names its Automatic-Module-Name.
 */
class PublishingTest {

    private static final Path ROOT = Path.of("..");

    private static String read(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    /** The text of the first element {@code tag}. */
    private static String first(String xml, String tag) {
        Matcher m = Pattern.compile("<" + tag + ">([^<]*)</" + tag + ">").matcher(xml);
        return m.find() ? m.group(1).strip() : null;
    }

    private static String withoutParent(String pom) {
        return pom.replaceFirst("(?s)<parent>.*?</parent>", "");
    }

    @Test
    void bomHasTheParentsVersionAndEveryJarModule() throws Exception {
        String parent = read(ROOT.resolve("pom.xml"));
        String bom = read(ROOT.resolve("bom/pom.xml"));
        assertEquals(first(parent, "version"), first(withoutParent(bom), "version"), "bom/pom.xml's version");
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        List<String> missing = new ArrayList<>();
        while (modules.find()) {
            String pom = withoutParent(read(ROOT.resolve(modules.group(1)).resolve("pom.xml")));
            String packaging = first(pom, "packaging");
            if (packaging != null && !packaging.equals("jar")) {
                continue;
            }
            String artifact = first(pom, "artifactId");
            boolean published = !pom.contains("<maven.deploy.skip>true</maven.deploy.skip>"); // examples are not
            if (published && !bom.contains("<artifactId>" + artifact + "</artifactId>") && !artifact.equals("gwkit-cli")) {
                missing.add(artifact);
            }
            assertTrue(pom.contains("<automatic.module.name>"), modules.group(1) + "/pom.xml sets no automatic.module.name");
        }
        assertEquals(List.of(), missing, "jar modules missing from bom/pom.xml");
    }
}
