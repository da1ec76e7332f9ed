package io.gwkit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/** Reads the golden PHP captures (conformance-tests resources) for byte comparisons. */
public final class Captures {

    private static final Path DIR = Path.of("..", "conformance-tests", "src", "test", "resources", "captures", "php");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Captures() {
    }

    /** Line {@code i} (1-based index after the header) of a capture. */
    public static JsonNode line(String scenario, int i) {
        try {
            List<String> lines = Files.readAllLines(DIR.resolve(scenario + ".gwcap.jsonl"));
            for (String l : lines.subList(1, lines.size())) {
                JsonNode n = JSON.readTree(l);
                if (n.path("i").asInt() == i) {
                    return n;
                }
            }
            throw new IllegalArgumentException("no line " + i + " in " + scenario);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The complete bytes of frame line {@code i}. */
    public static byte[] bytes(String scenario, int i) {
        return HexFormat.of().parseHex(line(scenario, i).path("hex").asText().replace(" ", ""));
    }

    /** The body bytes of an inner frame line. */
    public static byte[] innerBody(String scenario, int i) {
        byte[] frame = bytes(scenario, i);
        int extLen = ((frame[24] & 0xFF) << 24) | ((frame[25] & 0xFF) << 16) | ((frame[26] & 0xFF) << 8)
                | (frame[27] & 0xFF);
        return java.util.Arrays.copyOfRange(frame, 28 + extLen, frame.length);
    }

    /** The ext_data of an inner frame line, as UTF-8. */
    public static String innerExt(String scenario, int i) {
        byte[] frame = bytes(scenario, i);
        int extLen = ((frame[24] & 0xFF) << 24) | ((frame[25] & 0xFF) << 16) | ((frame[26] & 0xFF) << 8)
                | (frame[27] & 0xFF);
        return new String(frame, 28, extLen, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The serialized value of a reply line (without its u32 length), as UTF-8. */
    public static String reply(String scenario, int i) {
        byte[] reply = bytes(scenario, i);
        return new String(reply, 4, reply.length - 4, java.nio.charset.StandardCharsets.UTF_8);
    }
}
