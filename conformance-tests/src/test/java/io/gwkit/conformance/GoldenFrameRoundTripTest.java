package io.gwkit.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.php.PhpJson;
import io.gwkit.php.PhpJsonException;
import io.gwkit.php.PhpSerializeException;
import io.gwkit.php.PhpSerializer;
import io.gwkit.php.PhpStrings;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.protocol.GatewayFrameDecoder;
import io.gwkit.protocol.GatewayReply;
import io.gwkit.protocol.GatewayReplyDecoder;
import io.gwkit.protocol.Ipv4;
import io.gwkit.protocol.ProtocolException;
import io.gwkit.protocol.RegisterLineDecoder;
import io.gwkit.protocol.RegisterMessage;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks every frame line and result line of every golden capture and checks that the protocol core reads
 * and writes them byte for byte: inner frames, replies, serialized bodies and sessions, JSON ext_data and
 * bodies, register lines, client_ids, and GatewayClient results. Each connection's stream is also fed
 * through the Netty decoders in small chunks and must yield the same frames.
 */
class GoldenFrameRoundTripTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Commands whose ext_data is a session (a serialized array, or empty). */
    private static final Set<Integer> SESSION_EXT = Set.of(1, 3, 4, 205, 204, 9);
    /** Commands whose ext_data is json_encode output. */
    private static final Set<Integer> JSON_EXT = Set.of(6, 14, 16, 22, 25, 28);
    private static final Map<String, Long> TOTALS = new TreeMap<>();

    static Path capturesDir() throws URISyntaxException {
        URL url = GoldenFrameRoundTripTest.class.getResource("/captures/php");
        assertTrue(url != null, "captures/php missing from test resources");
        return Paths.get(url.toURI());
    }

    static List<Path> captures() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(capturesDir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".gwcap.jsonl")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void everyScenarioHasItsCapture() throws Exception {
        List<String> scenarios;
        try (Stream<Path> files = Files.list(capturesDir().resolve("scenarios"))) {
            scenarios = files.map(p -> p.getFileName().toString().replace(".json", "")).sorted().collect(Collectors.toList());
        }
        List<String> captured = captures().stream()
                .map(p -> p.getFileName().toString().replace(".gwcap.jsonl", "")).collect(Collectors.toList());
        assertEquals(scenarios, captured);
        assertTrue(captured.size() >= 29, "captures found: " + captured.size());
    }

    @TestFactory
    Stream<DynamicTest> everyCaptureRoundTrips() throws Exception {
        return captures().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Map<String, Long> counts = new CaptureWalk(p).run();
            synchronized (TOTALS) {
                counts.forEach((k, v) -> TOTALS.merge(k, v, Long::sum));
            }
            System.out.println(p.getFileName() + " " + counts);
        }));
    }

    @AfterAll
    static void printTotals() {
        System.out.println("golden round-trip totals: " + TOTALS);
    }

    /** One capture: per-line checks, then per-connection stream checks. */
    private static final class CaptureWalk {
        private final Path file;
        private final Map<String, Long> counts = new TreeMap<>();
        /** First frame cmd sent by the connecting side of each inner connection. */
        private final Map<String, Integer> firstCmd = new HashMap<>();
        /** Last request cmd (not 202) sent on each inner request connection, to interpret its replies. */
        private final Map<String, Integer> lastRequest = new HashMap<>();
        /** Per connection and direction: the bytes of its complete frames, and what each decodes to. */
        private final Map<String, ByteArrayOutputStream> streams = new LinkedHashMap<>();
        private final Map<String, List<Object>> expected = new LinkedHashMap<>();
        private final Map<String, Supplier<ChannelHandler>> decoders = new HashMap<>();

        CaptureWalk(Path file) {
            this.file = file;
        }

        Map<String, Long> run() throws IOException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            header(MAPPER.readTree(lines.get(0)));
            for (int n = 1; n < lines.size(); n++) {
                JsonNode line = MAPPER.readTree(lines.get(n));
                String where = file.getFileName() + " line i=" + line.path("i").asText();
                try {
                    if (line.has("hex")) {
                        frameLine(line);
                    } else if (line.has("method")) {
                        resultLine(line);
                    } else {
                        fail("neither a frame nor a result line");
                    }
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(where + ": " + e.getMessage(), e);
                }
            }
            streams.forEach(this::replayStream);
            return counts;
        }

        private void count(String what) {
            counts.merge(what, 1L, Long::sum);
        }

        private void header(JsonNode header) {
            assertEquals(1, header.path("gwcap").asInt(), "gwcap version");
            header.path("client_ids").forEach(id -> {
                if (!id.isNull()) {
                    checkClientId(id.asText());
                }
            });
        }

        private void frameLine(JsonNode line) {
            byte[] bytes = ByteBufUtil.decodeHexDump(line.get("hex").asText().replaceAll("\\s", ""));
            boolean incomplete = line.path("incomplete").asBoolean(false);
            String link = line.get("link").asText();
            String conn = line.get("conn").asText();
            String from = line.get("from").asText();
            JsonNode decoded = line.path("decoded");
            count("lines." + link);
            switch (link) {
                case "register":
                    registerLine(conn + ">" + from, bytes, incomplete);
                    break;
                case "inner":
                    innerLine(conn, from, bytes, incomplete, decoded);
                    break;
                case "client":
                    clientLine(line, from, bytes, incomplete, decoded);
                    break;
                default:
                    fail("unknown link " + link);
            }
        }

        private void registerLine(String stream, byte[] bytes, boolean incomplete) {
            if (incomplete) {
                count("incomplete");
                assertFalse(bytes.length > 0 && bytes[bytes.length - 1] == '\n', "incomplete line ends with \\n");
                return;
            }
            assertEquals('\n', bytes[bytes.length - 1], "register line ends with \\n");
            String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            RegisterMessage message = RegisterMessage.parse(text);
            assertEquals(text, message.toLine(), "register line re-rendered");
            count("register.lines");
            record(stream, bytes, text, RegisterLineDecoder::new);
        }

        private void innerLine(String conn, String from, byte[] bytes, boolean incomplete, JsonNode decoded) {
            boolean connectingSide = !from.equals("gateway");
            boolean isFrame = connectingSide || Integer.valueOf(Command.WORKER_CONNECT.code()).equals(firstCmd.get(conn));
            if (decoded.has("type")) {
                assertEquals(isFrame ? "gateway" : "reply", decoded.get("type").asText(), "frame/reply classification");
            }
            if (incomplete) {
                count("incomplete");
                if (isFrame) {
                    assertThrows(ProtocolException.class, () -> GatewayFrameCodec.decode(bytes, GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH));
                } else {
                    assertThrows(ProtocolException.class, () -> GatewayReply.decode(bytes, GatewayReplyDecoder.DEFAULT_MAX_REPLY_LENGTH));
                }
                return;
            }
            String stream = conn + ">" + from;
            if (isFrame) {
                GatewayFrame frame = GatewayFrameCodec.decode(bytes, GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH);
                assertArrayEquals(bytes, GatewayFrameCodec.encode(frame), "frame re-encoded");
                count("inner.frames");
                byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
                assertThrows(ProtocolException.class,
                        () -> GatewayFrameCodec.decode(truncated, GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH));
                if (connectingSide) {
                    firstCmd.putIfAbsent(conn, frame.cmd());
                    if (frame.cmd() != Command.GATEWAY_CLIENT_CONNECT.code()) {
                        lastRequest.put(conn, frame.cmd());
                    }
                }
                checkHeaderAgainstCapture(frame, decoded);
                checkFramePayloads(frame, connectingSide, decoded);
                record(stream, bytes, frame, GatewayFrameDecoder::new);
            } else {
                GatewayReply reply = GatewayReply.decode(bytes, GatewayReplyDecoder.DEFAULT_MAX_REPLY_LENGTH);
                assertArrayEquals(bytes, reply.toBytes(), "reply re-encoded");
                byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
                assertThrows(ProtocolException.class,
                        () -> GatewayReply.decode(truncated, GatewayReplyDecoder.DEFAULT_MAX_REPLY_LENGTH));
                Object value = roundTripSerialized(reply.serialized(), "reply");
                count("replies");
                Integer request = lastRequest.get(conn);
                if (request != null && (request == Command.GET_ALL_CLIENT_SESSIONS.code()
                        || request == Command.GET_CLIENT_SESSIONS_BY_GROUP.code())) {
                    for (Object session : ((PhpArray) value).values()) {
                        byte[] s = PhpBytes.bytesOf(session);
                        if (s.length > 0) {
                            roundTripSerialized(s, "session inside reply");
                            count("sessions.in_replies");
                        }
                    }
                }
                if (decoded.has("serialized") && decoded.get("serialized").isTextual() && reply.serialized().length <= 1024) {
                    assertEquals(decoded.get("serialized").asText(), new String(reply.serialized(), StandardCharsets.UTF_8));
                }
                record(stream, bytes, reply, GatewayReplyDecoder::new);
            }
        }

        private void checkHeaderAgainstCapture(GatewayFrame f, JsonNode d) {
            if (!d.has("cmd")) {
                return;
            }
            assertEquals(d.get("pack_len").asLong(), f.packLength(), "pack_len");
            assertEquals(d.get("cmd").asInt(), f.cmd(), "cmd");
            assertEquals(d.get("local_ip").asText(), Ipv4.toString(f.localIp()), "local_ip");
            assertEquals(d.get("local_port").asInt(), f.localPort(), "local_port");
            assertEquals(d.get("client_ip").asText(), Ipv4.toString(f.clientIp()), "client_ip");
            assertEquals(d.get("client_port").asInt(), f.clientPort(), "client_port");
            assertEquals(d.get("connection_id").asLong(), f.connectionId(), "connection_id");
            assertEquals(d.get("flag").asInt(), f.flag(), "flag");
            assertEquals(d.get("gateway_port").asInt(), f.gatewayPort(), "gateway_port");
            assertEquals(d.get("ext_len").asLong(), f.extData().length, "ext_len");
            assertTrue(f.command() != null, "known command " + f.cmd());
        }

        private void checkFramePayloads(GatewayFrame f, boolean fromConnectingSide, JsonNode d) {
            int cmd = f.cmd();
            if (!f.isScalarBody()) {
                roundTripSerialized(f.body(), "body");
                count("bodies.serialized");
                assertTrue(d.has("body_php"), "PHP could unserialize this body too");
            }
            byte[] ext = f.extData();
            if (ext.length > 0) {
                boolean phpParsed = d.has("ext_php");
                if (SESSION_EXT.contains(cmd)) {
                    assertTrue(phpParsed, "session ext_data that PHP unserializes");
                }
                if (phpParsed) {
                    roundTripSerialized(ext, "ext_data");
                    count(SESSION_EXT.contains(cmd) ? "sessions.ext" : "ext.serialized");
                } else {
                    assertThrows(PhpSerializeException.class, () -> PhpSerializer.unserialize(ext),
                            "PHP could not unserialize this ext_data, neither may we");
                }
                if (JSON_EXT.contains(cmd)) {
                    roundTripJson(ext, "ext_data");
                    count("ext.json");
                }
            }
            if (cmd == Command.WORKER_CONNECT.code() || cmd == Command.GATEWAY_CLIENT_CONNECT.code()) {
                PhpArray auth = assertInstanceOf(PhpArray.class, roundTripJson(f.body(), "auth body"));
                assertTrue(auth.containsKey("secret_key"), "auth body has secret_key");
                count("bodies.json");
            } else if (fromConnectingSide && f.isScalarBody() && looksLikeJson(f.body())) {
                // messages the PHP app built with json_encode (welcome, logout)
                Object message = roundTripJson(f.body(), "json body");
                count("bodies.json");
                checkClientIdsIn(message);
            }
            if (cmd == Command.ON_CONNECT.code() || cmd == Command.ON_MESSAGE.code() || cmd == Command.ON_CLOSE.code()
                    || cmd == Command.ON_WEBSOCKET_CONNECT.code()) {
                ClientId id = new ClientId(f.localIp(), f.localPort(), f.connectionId());
                checkClientId(id.toString());
            }
        }

        private void clientLine(JsonNode line, String from, byte[] bytes, boolean incomplete, JsonNode decoded) {
            if (incomplete || !from.equals("gateway")) {
                return; // what test clients send is not PHP output
            }
            byte[] payload = null;
            String type = decoded.path("type").asText();
            if (type.equals("line")) {
                payload = java.util.Arrays.copyOf(bytes, bytes.length - 1);
            } else if (type.equals("ws")) {
                payload = serverWebSocketPayload(bytes);
            }
            if (payload != null && looksLikeJson(payload)) {
                Object message = roundTripJson(payload, "client message");
                count("client.json_messages");
                checkClientIdsIn(message);
            }
        }

        /** Payload of an unmasked server frame (docs/CAPTURE-FORMAT.md: 7-bit, 16-bit or 64-bit length). */
        private static byte[] serverWebSocketPayload(byte[] frame) {
            if ((frame[1] & 0x80) != 0) {
                return null;
            }
            int len = frame[1] & 0x7f;
            int offset = 2;
            if (len == 126) {
                len = ((frame[2] & 0xff) << 8) | (frame[3] & 0xff);
                offset = 4;
            } else if (len == 127) {
                len = (int) Unpooled.wrappedBuffer(frame).getLong(2);
                offset = 10;
            }
            assertEquals(frame.length, offset + len, "websocket frame length");
            return java.util.Arrays.copyOfRange(frame, offset, frame.length);
        }

        private void resultLine(JsonNode line) throws IOException {
            byte[] serialized = line.has("result_serialized_hex")
                    ? ByteBufUtil.decodeHexDump(line.get("result_serialized_hex").asText())
                    : line.get("result_serialized").asText().getBytes(StandardCharsets.UTF_8);
            Object value = roundTripSerialized(serialized, "result_serialized");
            count("results.serialized");
            String ours;
            try {
                ours = PhpJson.encode(value);
            } catch (PhpJsonException e) {
                ours = "false"; // json_encode returned false
            }
            // The capture keeps json_encode's output parsed, which cannot tell -0 from 0: compare as JSON
            // trees, and as text where the parsed form kept everything.
            assertEquals(line.get("result"), MAPPER.readTree(ours), "json_encode of the result (as JSON)");
            String phpJson = PhpJson.encode(PhpJson.decode(MAPPER.writeValueAsString(line.get("result"))));
            if (phpJson.equals(ours)) {
                count("results.json_text_identical");
            } else {
                count("results.json_tree_equal_only");
            }
        }

        private Object roundTripSerialized(byte[] bytes, String what) {
            Object value;
            try {
                value = PhpSerializer.unserialize(bytes);
            } catch (PhpSerializeException e) {
                throw new AssertionError(what + " does not unserialize: " + e.getMessage() + ": "
                        + new String(bytes, StandardCharsets.UTF_8), e);
            }
            assertArrayEquals(bytes, PhpSerializer.serialize(value), what + " re-serialized");
            count("values.serialized");
            return value;
        }

        private Object roundTripJson(byte[] bytes, String what) {
            String text = PhpStrings.decodeUtf8OrNull(bytes, 0, bytes.length);
            assertTrue(text != null, what + " is UTF-8");
            Object value = PhpJson.decode(text);
            assertEquals(text, PhpJson.encode(value), what + " re-encoded by PhpJson");
            count("values.json");
            return value;
        }

        private static boolean looksLikeJson(byte[] b) {
            return b.length > 1 && ((b[0] == '{' && b[b.length - 1] == '}') || (b[0] == '[' && b[b.length - 1] == ']'));
        }

        private void checkClientIdsIn(Object message) {
            if (message instanceof PhpArray) {
                Object id = ((PhpArray) message).get("client_id");
                if (id instanceof String) {
                    checkClientId((String) id);
                }
            }
        }

        private void checkClientId(String id) {
            ClientId parsed = ClientId.parse(id);
            assertEquals(id, parsed.toString(), "client_id re-encoded");
            assertEquals(parsed, ClientId.parse(parsed.toString()));
            count("client_ids");
        }

        private void record(String stream, byte[] bytes, Object decodedValue, Supplier<ChannelHandler> decoder) {
            streams.computeIfAbsent(stream, k -> new ByteArrayOutputStream()).writeBytes(bytes);
            expected.computeIfAbsent(stream, k -> new ArrayList<>()).add(decodedValue);
            decoders.putIfAbsent(stream, decoder);
        }

        /** Feeds one connection direction through its Netty decoder in chunks of 1..13 bytes. */
        private void replayStream(String stream, ByteArrayOutputStream bytes) {
            byte[] all = bytes.toByteArray();
            EmbeddedChannel ch = new EmbeddedChannel(decoders.get(stream).get());
            int chunk = 1;
            for (int pos = 0; pos < all.length; ) {
                int n = Math.min(all.length - pos, all.length > 100_000 ? 4096 + chunk : chunk);
                ch.writeInbound(Unpooled.wrappedBuffer(all, pos, n));
                pos += n;
                chunk = chunk % 13 + 1;
            }
            List<Object> got = new ArrayList<>();
            for (Object o; (o = ch.readInbound()) != null; ) {
                got.add(o);
            }
            assertEquals(expected.get(stream), got, file.getFileName() + " " + stream + " through the Netty decoder");
            assertFalse(ch.finish());
            assertNull(ch.readInbound());
            count("streams.netty");
        }
    }
}
