package io.gwkit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.php.PhpJsonException;
import io.gwkit.php.PhpSerializeException;
import io.gwkit.php.PhpSerializer;
import io.netty.buffer.ByteBufUtil;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpus of the fuzz targets from the golden captures (opt-in, see docs/FUZZING.md):
 * {@code mvn -pl sdk test -Dtest=FuzzSeeds -Dgwkit.fuzz.seeds=write}. Seeds are named
 * {@code seed-<capture>-<sha1 prefix>}, so re-running only adds what changed. Only inputs up to
 * {@link #MAX_SEED} bytes are kept (the fuzz targets' limits are small), and near-duplicates (same
 * command sequence) are dropped to keep {@code mvn test}'s replay fast.
 */
@EnabledIfSystemProperty(named = "gwkit.fuzz.seeds", matches = "write")
class FuzzSeeds {

    static final int MAX_SEED = 4096;
    private static final Path CAPTURES = Paths.get("..", "conformance-tests", "src", "test", "resources", "captures", "php");
    private static final Path INPUTS = Paths.get("src", "test", "resources", "io", "gwkit", "fuzz");
    /** Chunking byte prepended to stream seeds: 8-byte chunks (see {@link Chunked}). */
    private static final byte CHUNKS_OF_8 = 7;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** target directory -> (dedupe key -> seed); first seed for a key wins. */
    private final Map<String, Map<String, byte[]>> seeds = new LinkedHashMap<>();
    private final Map<String, String> origin = new LinkedHashMap<>();

    @Test
    void write() throws IOException {
        List<Path> captures;
        try (Stream<Path> files = Files.list(CAPTURES)) {
            captures = files.filter(p -> p.toString().endsWith(".gwcap.jsonl")).sorted().collect(Collectors.toList());
        }
        for (Path capture : captures) {
            readCapture(capture);
        }
        for (Map.Entry<String, Map<String, byte[]>> target : seeds.entrySet()) {
            Path dir = INPUTS.resolve(target.getKey());
            Files.createDirectories(dir);
            for (byte[] seed : target.getValue().values()) {
                Files.write(dir.resolve(name(seed)), seed);
            }
            System.out.println(target.getKey() + ": " + target.getValue().size() + " seeds");
        }
    }

    private void readCapture(Path capture) throws IOException {
        String scenario = capture.getFileName().toString().replace(".gwcap.jsonl", "");
        Map<String, ByteArrayOutputStream> frameStreams = new LinkedHashMap<>();
        Map<String, List<Integer>> frameCmds = new LinkedHashMap<>();
        Map<String, ByteArrayOutputStream> replyStreams = new LinkedHashMap<>();
        Map<String, ByteArrayOutputStream> lineStreams = new LinkedHashMap<>();
        List<byte[]> sessions = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(capture, StandardCharsets.UTF_8)) {
            r.readLine(); // header
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode o = MAPPER.readTree(line);
                if (o.has("result_serialized")) {
                    serialized(scenario, o.get("result_serialized").asText().getBytes(StandardCharsets.UTF_8));
                }
                if (o.has("result_serialized_hex")) {
                    serialized(scenario, ByteBufUtil.decodeHexDump(o.get("result_serialized_hex").asText()));
                }
                if (!o.has("link") || o.path("incomplete").asBoolean(false)) {
                    continue;
                }
                byte[] bytes = ByteBufUtil.decodeHexDump(o.get("hex").asText().replace(" ", ""));
                String stream = o.get("conn").asText() + ">" + o.get("to").asText();
                JsonNode decoded = o.get("decoded");
                String type = decoded.path("type").asText();
                if (o.get("link").asText().equals("inner") && type.equals("gateway")) {
                    int cmd = decoded.get("cmd").asInt();
                    add("WireFuzzTestInputs/frameCodec", cmd + "/" + decoded.get("flag").asInt() + "/"
                            + (decoded.get("ext_len").asInt() > 0), scenario, bytes);
                    if (append(frameStreams, stream, bytes)) {
                        frameCmds.computeIfAbsent(stream, k -> new ArrayList<>()).add(cmd);
                    }
                    int extLen = decoded.get("ext_len").asInt();
                    byte[] ext = Arrays.copyOfRange(bytes, 28, 28 + extLen);
                    byte[] body = Arrays.copyOfRange(bytes, 28 + extLen, bytes.length);
                    if (serialized(scenario, ext) instanceof PhpArray) {
                        sessions.add(ext);
                    }
                    serialized(scenario, body);
                    json(scenario, ext);
                    json(scenario, body);
                } else if (type.equals("reply")) {
                    add("WireFuzzTestInputs/replyDecode", null, scenario, bytes);
                    append(replyStreams, stream, bytes);
                    serialized(scenario, Arrays.copyOfRange(bytes, 4, bytes.length));
                } else if (o.get("link").asText().equals("register")) {
                    append(lineStreams, stream, bytes);
                    byte[] text = Arrays.copyOf(bytes, bytes.length - 1);
                    add("WireFuzzTestInputs/registerParse", null, scenario, text);
                    json(scenario, text);
                } else if (type.equals("line")) {
                    json(scenario, Arrays.copyOf(bytes, bytes.length - 1));
                }
            }
        }
        frameStreams.forEach((k, v) -> add("WireFuzzTestInputs/frameDecoderStream", frameCmds.get(k).toString(),
                scenario, withChunking(v.toByteArray())));
        replyStreams.forEach((k, v) -> add("WireFuzzTestInputs/replyDecoderStream", null, scenario,
                withChunking(v.toByteArray())));
        lineStreams.forEach((k, v) -> add("WireFuzzTestInputs/registerLines", null, scenario,
                withChunking(v.toByteArray())));
        for (int i = 1; i < sessions.size(); i++) {
            byte[] base = sessions.get(i - 1);
            byte[] replacement = sessions.get(i);
            ByteArrayOutputStream pair = new ByteArrayOutputStream();
            pair.write(base.length >>> 8);
            pair.write(base.length);
            pair.writeBytes(base);
            pair.writeBytes(replacement);
            add("PhpValueFuzzTestInputs/arrayReplaceRecursive", null, scenario, pair.toByteArray());
        }
    }

    private Object serialized(String scenario, byte[] bytes) {
        try {
            Object value = PhpSerializer.unserialize(bytes);
            add("PhpValueFuzzTestInputs/unserialize", null, scenario, bytes);
            return value;
        } catch (PhpSerializeException notSerialized) {
            return null;
        }
    }

    private void json(String scenario, byte[] bytes) {
        try {
            if (PhpJson.decode(bytes) instanceof PhpArray || bytes.length > 0 && bytes[0] == '"') {
                add("PhpValueFuzzTestInputs/jsonDecode", null, scenario, bytes);
            }
        } catch (PhpJsonException notJson) {
            // bodies that are not JSON are no seeds for the JSON reader
        }
    }

    private void add(String target, String key, String scenario, byte[] seed) {
        if (seed.length == 0 || seed.length > MAX_SEED) {
            return;
        }
        String k = key != null ? key : HexFormat.of().formatHex(seed);
        if (seeds.computeIfAbsent(target, t -> new LinkedHashMap<>()).putIfAbsent(k, seed) == null) {
            origin.put(HexFormat.of().formatHex(sha1(seed)), scenario);
        }
    }

    private String name(byte[] seed) {
        String hash = HexFormat.of().formatHex(sha1(seed));
        return "seed-" + origin.get(hash) + "-" + hash.substring(0, 12);
    }

    private static byte[] withChunking(byte[] stream) {
        byte[] seed = new byte[stream.length + 1];
        seed[0] = CHUNKS_OF_8;
        System.arraycopy(stream, 0, seed, 1, stream.length);
        return seed;
    }

    /** Appends while the stream seed stays within {@link #MAX_SEED} (one byte is the chunking). */
    private static boolean append(Map<String, ByteArrayOutputStream> streams, String key, byte[] bytes) {
        ByteArrayOutputStream out = streams.computeIfAbsent(key, k -> new ByteArrayOutputStream());
        if (out.size() + bytes.length >= MAX_SEED) {
            return false;
        }
        out.writeBytes(bytes);
        return true;
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
