package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #19 item 7: every Markdown file the README, the docs, the sources and the tool's own texts name is in
 * the repository (the wire contract and the capture format once lived outside it).
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("..");
    /** A bare mention (PROTOCOL.md, docs/CONFORMANCE.md) or a Markdown link target (CAPTURE-FORMAT.md#masks). */
    private static final Pattern MENTION = Pattern.compile("(?<![\\w/.-])((?:docs/)?[A-Z][A-Z0-9-]*\\.md)");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#:]+\\.md)(?:#[^)]*)?\\)");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".md")
                            || p.toString().endsWith(".txt") || p.toString().endsWith(".xml"))
                    .toList();
        }
    }

    @Test
    void everyMentionedMarkdownFileExists() throws IOException {
        TreeSet<String> missing = new TreeSet<>();
        for (Path file : sources()) {
            String text = Files.readString(file);
            Matcher m = MENTION.matcher(text);
            while (m.find()) {
                String name = m.group(1);
                boolean found = name.startsWith("docs/") ? Files.exists(ROOT.resolve(name))
                        : Files.exists(ROOT.resolve(name)) || Files.exists(ROOT.resolve("docs").resolve(name))
                                || Files.exists(file.getParent().resolve(name));
                if (!found) {
                    missing.add(ROOT.relativize(file) + ": " + name);
                }
            }
            Matcher l = LINK.matcher(text);
            while (l.find()) {
                if (!Files.exists(file.getParent().resolve(l.group(1)))) {
                    missing.add(ROOT.relativize(file) + ": link " + l.group(1));
                }
            }
        }
        assertEquals(new TreeSet<>(), missing);
    }

    @Test
    void theProjectHoldsItsWireContractAndCaptureFormat() throws IOException {
        assertTrue(Files.readString(ROOT.resolve("docs/PROTOCOL.md")).startsWith("# The GatewayWorker wire protocol"));
        assertTrue(Files.readString(ROOT.resolve("docs/CAPTURE-FORMAT.md")).startsWith("# gwcap v1"));
        List<String> readmeCommands = new ArrayList<>();
        String readme = Files.readString(ROOT.resolve("README.md"));
        String quickStart = readme.substring(readme.indexOf("## Quick start"));
        quickStart = quickStart.substring(quickStart.indexOf("```sh") + 5, quickStart.indexOf("```", quickStart.indexOf("```sh") + 5));
        quickStart.lines().filter(l -> !l.isBlank()).forEach(readmeCommands::add);
        assertEquals(2, readmeCommands.size(), "README's Quick start keeps exactly its two commands");
        assertTrue(readme.contains(StartCommand.DEMO_HELP.substring(0, 21)), "README says what to type after gw start");
    }
}
