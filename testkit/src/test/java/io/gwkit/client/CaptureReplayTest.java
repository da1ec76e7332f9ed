package io.gwkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gwkit.php.PhpJson;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.RegisterMessage;
import io.gwkit.testkit.MockGateway;
import io.gwkit.testkit.MockRegister;
import io.gwkit.testkit.MockReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every {@code call} step of the golden PHP captures through the SDK (connection-per-call mode,
 * register cache off, like a PHP process per call) against a MockRegister and two MockGateways that
 * answer with the captured replies, and asserts: the request bytes each gateway and the register receive
 * equal the captured GatewayClient bytes exactly (auth frames included), and {@code invoke}'s result
 * serializes to the captured {@code result_serialized}. The one documented deviation (docs/PROTOCOL.md §9:
 * getAllGroupUidList / getAllGroupClientIdList return the complete answer) is asserted separately.
 */
@Tag("socket")
class CaptureReplayTest {

    static final Path CAPTURES = Path.of("../conformance-tests/src/test/resources/captures/php");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HexFormat HEX = HexFormat.of();
    static final String[] INNER = {"127.0.0.1:2900", "127.0.0.1:2901"};

    /** scenario/step → our (complete) answer where PHP's differs, serialized. */
    static final Map<String, String> DEVIATIONS = Map.of(
            "all_group_lists/12", "a:2:{s:2:\"g1\";a:2:{s:2:\"u1\";s:2:\"u1\";s:2:\"u2\";s:2:\"u2\";}"
                    + "s:2:\"g2\";a:2:{s:2:\"u2\";s:2:\"u2\";s:2:\"u3\";s:2:\"u3\";}}",
            "all_group_lists/13", "a:2:{s:2:\"g1\";i:2;s:2:\"g2\";i:2;}",
            "all_group_lists/14", "a:2:{s:2:\"g1\";a:2:{s:20:\"7f0000010b5400000002\";s:20:\"7f0000010b5400000002\";"
                    + "s:20:\"7f0000010b5400000003\";s:20:\"7f0000010b5400000003\";}s:2:\"g2\";a:2:{"
                    + "s:20:\"7f0000010b5400000003\";s:20:\"7f0000010b5400000003\";"
                    + "s:20:\"7f0000010b5500000001\";s:20:\"7f0000010b5500000001\";}}",
            "all_group_lists/15", "a:2:{s:2:\"g1\";i:2;s:2:\"g2\";i:2;}");

    static MockRegister register;
    static GatewayClient pool;
    static MockGateway[] gateways = new MockGateway[2];

    @BeforeAll
    static void start() throws Exception {
        register = new MockRegister();
        pool = GatewayClient.builder().registerAddress("127.0.0.1:1236").ioThreads(1).connectionsPerGateway(1).build();
        for (int i = 0; i < 2; i++) {
            gateways[i] = new MockGateway();
        }
    }

    @AfterAll
    static void stop() {
        pool.close();
        register.close();
        for (MockGateway g : gateways) {
            g.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCallStepOfEveryCapture() throws IOException {
        return steps(false);
    }

    /**
     * The same through the pool: persistent connections shared across steps, so the auth frame appears
     * once per new connection instead of before every request; everything else is identical.
     */
    @TestFactory
    Stream<DynamicTest> everyCallStepOfEveryCaptureThroughThePool() throws IOException {
        return steps(true);
    }

    private Stream<DynamicTest> steps(boolean pooled) throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(CAPTURES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".gwcap.jsonl")).sorted().toList()) {
                List<JsonNode> lines = new ArrayList<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    lines.add(JSON.readTree(line));
                }
                JsonNode header = lines.get(0);
                JsonNode steps = header.get("steps");
                for (int i = 0; i < steps.size(); i++) {
                    if ("call".equals(steps.get(i).get("op").asText())) {
                        int step = i;
                        String name = header.get("scenario").asText() + "/" + step + " "
                                + steps.get(i).get("method").asText();
                        tests.add(DynamicTest.dynamicTest(name, () -> replay(header, lines, step, pooled)));
                    }
                }
            }
        }
        return tests.stream();
    }

    private void replay(JsonNode header, List<JsonNode> lines, int step, boolean pooled) throws Exception {
        String scenario = header.get("scenario").asText();
        JsonNode call = header.get("steps").get(step);
        List<String> registerRequests = new ArrayList<>();
        List<String> listed = List.of(INNER);
        Map<String, List<byte[]>> replies = new HashMap<>();
        Map<String, List<String>> expectedFrames = new HashMap<>();
        Map<String, Integer> expectedConnections = new HashMap<>();
        JsonNode result = null;
        for (String inner : INNER) {
            replies.put(inner, new ArrayList<>());
            expectedFrames.put(inner, new ArrayList<>());
        }
        Map<String, java.util.Set<String>> conns = new HashMap<>();
        for (JsonNode l : lines.subList(1, lines.size())) {
            if (!l.has("step") || l.get("step").isNull() || l.get("step").asInt() != step) {
                continue;
            }
            if (l.has("method")) {
                result = l;
                continue;
            }
            String from = l.get("from").asText();
            String to = l.get("to").asText();
            String link = l.get("link").asText();
            String server = l.get("server").asText();
            if (link.equals("register") && from.equals("gatewayclient")) {
                registerRequests.add(l.get("hex").asText());
            } else if (link.equals("register") && to.equals("gatewayclient")) {
                String line = new String(HEX.parseHex(l.get("hex").asText()), StandardCharsets.UTF_8);
                listed = ((RegisterMessage.BroadcastAddresses) RegisterMessage.parse(line.strip())).addresses();
                assertEquals(line, new RegisterMessage.BroadcastAddresses(listed).toLine() + "\n",
                        "the mock register answers with the captured bytes");
            } else if (link.equals("inner") && from.equals("gatewayclient")) {
                expectedFrames.get(server).add(l.get("hex").asText());
                conns.computeIfAbsent(server, k -> new java.util.HashSet<>()).add(l.get("conn").asText());
            } else if (link.equals("inner") && to.equals("gatewayclient")) {
                replies.get(server).add(HEX.parseHex(l.get("hex").asText()));
            }
        }
        conns.forEach((server, set) -> expectedConnections.put(server, set.size()));
        register.gatewayAddresses(listed.toArray(new String[0]));
        int[] connectionsBefore = new int[2];
        for (int i = 0; i < 2; i++) {
            connectionsBefore[i] = gateways[i].connectionCount();
            for (byte[] reply : replies.get(INNER[i])) {
                gateways[i].enqueue(MockReply.wire(reply));
            }
        }

        Map<String, String> dial = Map.of(INNER[0], gateways[0].address(), INNER[1], gateways[1].address(),
                "127.0.0.1:1236", register.address());
        Object phpResult;
        try (GatewayClient client = (pooled ? pool.newBuilder() : GatewayClient.builder().ioThreads(1))
                .registerAddress("127.0.0.1:1236")
                .secretKey(header.get("secret_key").asText())
                .connectionPerCall(!pooled)
                .registerCacheTtl(java.time.Duration.ZERO)
                .addressTranslator(a -> dial.getOrDefault(a, a))
                .build()) {
            phpResult = client.invoke(call.get("method").asText(), phpArgs(call.get("args"), header.get("client_ids")));
        }

        // Request bytes, per gateway, in order.
        boolean secret = !header.get("secret_key").asText().isEmpty();
        for (int i = 0; i < 2; i++) {
            List<String> expected = expectedFrames.get(INNER[i]);
            if (!pooled) {
                List<String> actual = new ArrayList<>();
                for (int n = 0; n < expected.size(); n++) {
                    actual.add(gateways[i].takeRequest().hex());
                }
                assertEquals(expected, actual, "frames sent to " + INNER[i]);
                assertEquals(expectedConnections.getOrDefault(INNER[i], 0),
                        gateways[i].connectionCount() - connectionsBefore[i], "connections opened to " + INNER[i]);
            } else {
                List<String> requests = new ArrayList<>(expected);
                requests.removeIf(CaptureReplayTest::isAuth);
                List<String> actual = new ArrayList<>();
                int auths = 0;
                // auth frames precede requests on their connection: once every request is in, so are they
                while (actual.size() < requests.size()) {
                    String hex = gateways[i].takeRequest().hex();
                    if (isAuth(hex)) {
                        auths++;
                    } else {
                        actual.add(hex);
                    }
                }
                assertEquals(requests, actual, "requests sent to " + INNER[i]);
                assertEquals(secret ? gateways[i].connectionCount() - connectionsBefore[i] : 0, auths,
                        "one auth frame per new connection");
            }
        }
        if (registerRequests.isEmpty() && expectedFrames.values().stream().anyMatch(f -> !f.isEmpty())) {
            // a call by client_id: PHP dials the address at once, the SDK first checks that the register lists it
            registerRequests.add(HEX.formatHex(("{\"event\":\"worker_connect\",\"secret_key\":"
                    + new ObjectMapper().writeValueAsString(header.get("secret_key").asText()) + "}\n")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        List<String> registerActual = new ArrayList<>();
        for (int n = 0; n < registerRequests.size(); n++) {
            registerActual.add(HEX.formatHex((register.takeLine() + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(registerRequests, registerActual, "register lookups");
        assertEquals(0, register.pendingLineCount(), "no other register lookup");
        for (int i = 0; i < 2; i++) {
            assertEquals(0, gateways[i].pendingRequestCount(), "no other frame sent to " + INNER[i]);
        }

        // Result.
        String ours = PhpSerializer.serializeToString(phpResult);
        String php = result.has("result_serialized") ? result.get("result_serialized").asText()
                : new String(HEX.parseHex(result.get("result_serialized_hex").asText()),
                        StandardCharsets.UTF_8);
        String deviation = DEVIATIONS.get(scenario + "/" + step);
        if (deviation != null) {
            assertNotEquals(php, ours, "documented deviation: PHP's incomplete answer");
            assertEquals(deviation, ours, "complete answer");
        } else {
            assertEquals(php, ours, "result of " + call.get("method").asText());
        }
    }

    /** cmd 202 (0xca) at offset 4 of the frame. */
    static boolean isAuth(String hex) {
        return hex.startsWith("ca", 8);
    }

    /** The step's args as PHP values, with "$cN" replaced by client N's client_id (keys and values). */
    static List<Object> phpArgs(JsonNode args, JsonNode clientIds) throws IOException {
        JsonNode resolved = resolve(args.deepCopy(), clientIds);
        Object php = PhpJson.decode(JSON.writeValueAsString(resolved));
        return new ArrayList<>(((Map<?, ?>) php).values());
    }

    private static JsonNode resolve(JsonNode node, JsonNode clientIds) {
        if (node.isTextual() && node.asText().startsWith("$") && clientIds.has(node.asText().substring(1))) {
            return TextNode.valueOf(clientIds.get(node.asText().substring(1)).asText());
        }
        if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, resolve(a.get(i), clientIds));
            }
        }
        if (node.isObject()) {
            ObjectNode o = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey().startsWith("$") && clientIds.has(e.getKey().substring(1))
                        ? clientIds.get(e.getKey().substring(1)).asText() : e.getKey();
                o.set(key, resolve(e.getValue(), clientIds));
            }
            return o;
        }
        return node;
    }

}
