package io.gwkit.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.testkit.MockGateway;
import io.gwkit.testkit.MockReply;
import io.gwkit.testkit.MockRegister;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every golden capture's gateway → worker traffic into a Java worker running {@link DemoApp} and checks
 * that the worker answers with the captured worker → gateway bytes, connection by connection and step by step:
 * cmd 200, every event reply, the cmd 204 session write-backs and the cmd 203 refreshes on new connections.
 *
 * <p>The two fake gateways listen on ephemeral ports instead of 2900/2901, so the gateway port inside
 * client_ids ({@code 7f0000010b54…}) is rewritten in both directions; nothing else is changed.
 */
@Tag("socket")
class CaptureReplayTest {

    static final Path CAPTURES = Path.of("../conformance-tests/src/test/resources/captures/php");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> captures() throws IOException {
        try (Stream<Path> files = Files.list(CAPTURES)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".gwcap.jsonl"))
                    .map(n -> n.substring(0, n.length() - ".gwcap.jsonl".length()))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void workerAnswersAsCaptured(String scenario) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(CAPTURES.resolve(scenario + ".gwcap.jsonl"))) {
            lines.add(JSON.readTree(l));
        }
        JsonNode header = lines.get(0);
        String secret = header.get("secret_key").asText();
        int steps = header.get("steps").size();

        // which captured inner connections are the worker's, and to which gateway
        Map<String, String> workerConns = new LinkedHashMap<>(); // conn -> server
        Map<String, Boolean> requestConns = new HashMap<>();
        String registerLine = null;
        for (JsonNode l : lines.subList(1, lines.size())) {
            if (!l.has("hex")) {
                continue;
            }
            String from = l.get("from").asText();
            if (l.get("link").asText().equals("register") && from.equals("worker") && registerLine == null) {
                registerLine = l.at("/decoded/text").asText();
            }
            if (l.get("link").asText().equals("inner") && from.equals("worker")) {
                if (l.at("/decoded/cmd").asInt() == 200) {
                    workerConns.put(l.get("conn").asText(), l.get("server").asText());
                } else if (!workerConns.containsKey(l.get("conn").asText())) {
                    requestConns.put(l.get("conn").asText(), true);
                }
            }
        }

        try (MockRegister register = new MockRegister();
             MockGateway text = new MockGateway();
             MockGateway ws = new MockGateway()) {
            Map<String, MockGateway> gateways = Map.of("127.0.0.1:2900", text, "127.0.0.1:2901", ws);
            Map<String, byte[]> portRewrite = Map.of(
                    "7f0000010b54", hexId(text.port()), "7f0000010b55", hexId(ws.port()));
            register.gatewayAddresses(text.address(), ws.address());

            BusinessWorker worker = BusinessWorker.builder()
                    .registerAddress(register.address())
                    .name("phpBusinessWorker")
                    .secretKey(secret)
                    .handler(new DemoApp())
                    .build()
                    .start();
            try {
                assertEquals(registerLine, register.takeLine(), "worker_connect line");
                Map<String, MockGateway.WorkerLink> conns = new HashMap<>();
                Map<String, String> workerConnOfServer = new HashMap<>();
                workerConns.forEach((conn, server) -> workerConnOfServer.put(server, conn));
                for (Map.Entry<String, String> e : workerConnOfServer.entrySet()) {
                    conns.put(e.getValue(), gateways.get(e.getKey()).takeWorker());
                }
                for (int step = -1; step < steps; step++) {
                    replayStep(lines, step, workerConns, requestConns, conns, gateways, portRewrite, scenario);
                }
            } finally {
                worker.close();
            }
        }
    }

    private static void replayStep(List<JsonNode> lines, int step, Map<String, String> workerConns,
                                   Map<String, Boolean> requestConns, Map<String, MockGateway.WorkerLink> conns,
                                   Map<String, MockGateway> gateways, Map<String, byte[]> rewrite, String scenario)
            throws Exception {
        Map<String, List<byte[]>> expectedOut = new LinkedHashMap<>();
        List<byte[]> expectedRequests = new ArrayList<>();
        List<String> requestServers = new ArrayList<>();
        for (JsonNode l : lines.subList(1, lines.size())) {
            if (!l.has("hex") || !l.get("link").asText().equals("inner") || stepOf(l) != step) {
                continue;
            }
            String conn = l.get("conn").asText();
            byte[] bytes = rewrite(HexFormat.of().parseHex(l.get("hex").asText()), rewrite);
            boolean toWorker = l.get("to").asText().equals("worker");
            if (workerConns.containsKey(conn)) {
                if (toWorker) {
                    conns.get(conn).send(withLocalPort(bytes, gateways.get(l.get("server").asText()).port()));
                } else if (step >= 0) {
                    expectedOut.computeIfAbsent(conn, k -> new ArrayList<>()).add(bytes);
                } else {
                    assertArrayEquals(bytes, conns.get(conn).connectFrame().bytes(), scenario + ": cmd 200 on " + conn);
                }
            } else if (requestConns.containsKey(conn)) {
                if (toWorker) {
                    // a reply: u32 length + serialized value, sent as captured
                    gateways.get(l.get("server").asText()).enqueue(MockReply.wire(bytes));
                } else {
                    expectedRequests.add(bytes);
                    requestServers.add(l.get("server").asText());
                }
            }
        }
        for (int i = 0; i < expectedRequests.size(); i++) {
            byte[] got = gateways.get(requestServers.get(i)).takeRequest().bytes();
            assertEquals(hex(expectedRequests.get(i)), hex(got), scenario + " step " + step + ": request " + i);
        }
        for (Map.Entry<String, List<byte[]>> e : expectedOut.entrySet()) {
            MockGateway.WorkerLink c = conns.get(e.getKey());
            for (byte[] want : e.getValue()) {
                byte[] got = c.takeFrame().bytes();
                assertEquals(hex(want), hex(got), scenario + " step " + step + " on " + e.getKey() + ": "
                        + GatewayFrameCodec.decode(want, GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH));
            }
        }
        for (Map.Entry<String, MockGateway.WorkerLink> e : conns.entrySet()) {
            assertTrue(e.getValue().pendingFrameCount() == 0, scenario + " step " + step + ": unexpected frame on " + e.getKey());
        }
    }

    private static int stepOf(JsonNode l) {
        return l.get("step").isNull() ? -1 : l.get("step").asInt();
    }

    private static byte[] hexId(int port) {
        return String.format("7f000001%04x", port).getBytes(StandardCharsets.US_ASCII);
    }

    /** Replaces each captured gateway prefix of a client_id (ASCII) with the fake gateway's. */
    private static byte[] rewrite(byte[] bytes, Map<String, byte[]> rewrite) {
        byte[] out = bytes.clone();
        for (Map.Entry<String, byte[]> e : rewrite.entrySet()) {
            byte[] from = e.getKey().getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i + from.length <= out.length; i++) {
                if (java.util.Arrays.equals(out, i, i + from.length, from, 0, from.length)) {
                    System.arraycopy(e.getValue(), 0, out, i, from.length);
                }
            }
        }
        return out;
    }

    private static byte[] withLocalPort(byte[] frame, int port) {
        byte[] out = frame.clone();
        ByteBuffer.wrap(out).putShort(9, (short) port);
        return out;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static GatewayFrame decode(byte[] b) {
        return GatewayFrameCodec.decode(b, GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH);
    }
}
