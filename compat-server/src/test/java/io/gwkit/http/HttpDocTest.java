package io.gwkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.client.PhpMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/HTTP.md's method table is derived from {@link PhpMethod}: this test fails when they drift apart and
 * prints the table to paste; {@code -Dgwkit.writeDocs=true} rewrites it in place.
 */
class HttpDocTest {

    private static final Path DOC = Path.of("..", "docs", "HTTP.md");
    private static final String BEGIN = "<!-- methods: generated from PhpMethod by HttpDocTest -->\n";
    private static final String END = "<!-- /methods -->\n";

    static String table() {
        StringBuilder sb = new StringBuilder("| method | arguments (PHP defaults) |\n|---|---|\n");
        for (PhpMethod m : PhpMethod.values()) {
            sb.append("| `").append(m.phpName()).append("` | ");
            if (m.parameters().isEmpty()) {
                sb.append("none");
            }
            for (int i = 0; i < m.parameters().size(); i++) {
                sb.append(i == 0 ? "" : ", ").append('`').append(m.parameters().get(i)).append('`');
                if (!m.isRequired(i)) {
                    Object d = m.defaultValue(i);
                    sb.append('=').append(d == null ? "null" : d.equals("") ? "''" : d);
                }
            }
            sb.append(" |\n");
        }
        return sb.toString();
    }

    @Test
    void methodTableMatchesPhpMethod() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/HTTP.md lacks the markers " + BEGIN + " ... " + END);
        String current = doc.substring(begin + BEGIN.length(), end);
        String expected = table();
        if (!expected.equals(current) && Boolean.getBoolean("gwkit.writeDocs")) {
            Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + expected + doc.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, current, "docs/HTTP.md's method table is out of step with PhpMethod; rerun with "
                + "-Dgwkit.writeDocs=true or paste the expected table");
    }

    @Test
    void everyMethodHasOneRow() {
        assertEquals(PhpMethod.values().length + 2, table().split("\n").length);
    }
}
