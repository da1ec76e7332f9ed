package io.gwkit.conformance.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gwkit.conformance.CallExecutor;
import io.gwkit.conformance.CallResult;
import io.gwkit.conformance.Capture;
import io.gwkit.conformance.CaptureHeader;
import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.JsonStrings;
import io.gwkit.conformance.SocketAddresses;
import io.gwkit.conformance.Step;
import io.gwkit.conformance.Target;
import io.gwkit.conformance.record.Recorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs one scenario's steps against a target and returns what was recorded, as a capture in the same
 * shape as the golden one.
 */
public final class ScenarioRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);

    /** docs/CAPTURE-FORMAT.md: after every step, wait until no captured traffic has been seen for 250 ms. */
    public static final Duration QUIET = Duration.ofMillis(250);
    private static final Duration MAX_STEP = Duration.ofSeconds(30);
    /** How long a replayed step waits for the frames the golden capture has in it before the quiet window. */
    private static final Duration EXPECTED_FRAMES_WAIT = Duration.ofSeconds(5);
    private static final long WELCOME_TIMEOUT_MS = 10_000;

    private final CallExecutor calls;
    private final Duration quiet;

    public ScenarioRunner(CallExecutor calls, Duration quiet) {
        this.calls = calls;
        this.quiet = quiet;
    }

    public ScenarioRunner(CallExecutor calls) {
        this(calls, QUIET);
    }

    /** Runs every step of {@code scenario} against a freshly started {@code target}. */
    public Capture run(CaptureHeader scenario, Target target) throws Exception {
        return run(scenario, target, null);
    }

    /**
     * Runs the steps of {@code golden}'s scenario; after each step it first waits (boundedly) for as many
     * observed frames as the golden capture has in that step, then for the quiet window.
     */
    public Capture replay(Capture golden, Target target) throws Exception {
        return run(golden.header(), target, golden);
    }

    private Capture run(CaptureHeader scenario, Target target, Capture golden) throws Exception {
        Recorder recorder = new Recorder();
        recorder.countOnly(f -> target.observes(f.link(), f.connectingRole()));
        Map<Integer, Integer> expectedFrames = new java.util.HashMap<>();
        if (golden != null) {
            golden.frames().stream()
                    .filter(f -> f.step() != null && target.observes(f.link(), f.connectingRole()))
                    .forEach(f -> expectedFrames.merge(f.step(), 1, Integer::sum));
        }
        Map<String, TestClient> clients = new LinkedHashMap<>();
        Map<String, String> clientIds = new LinkedHashMap<>();
        List<CallResult> results = new ArrayList<>();
        io.gwkit.conformance.AddressMap addresses = io.gwkit.conformance.AddressMap.none();
        try {
            Target.Endpoints ep = target.start(scenario, recorder);
            addresses = ep.addresses();
            List<Step> steps = scenario.steps();
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                recorder.beginStep(i, step.op() == Step.Op.CALL);
                perform(i, step, scenario, ep, recorder, clients, clientIds, results);
                recorder.stepActionDone();
                int expected = expectedFrames.getOrDefault(i, 0);
                if (expected > 0 && !recorder.awaitFrames(i, expected, EXPECTED_FRAMES_WAIT)) {
                    LOG.warn("{} step {}: fewer than the golden capture's {} frames within {}", scenario.scenario(), i,
                            expected, EXPECTED_FRAMES_WAIT);
                }
                if (!recorder.awaitQuiet(quiet, MAX_STEP)) {
                    LOG.warn("{} step {}: traffic did not go quiet within {}", scenario.scenario(), i, MAX_STEP);
                }
            }
        } finally {
            recorder.stop();
            for (TestClient c : clients.values()) {
                c.close();
            }
            target.stop();
        }
        ObjectNode header = scenario.json().deepCopy();
        header.put("gwcap", 1);
        header.put("source", target.describe());
        ObjectNode ids = header.putObject("client_ids");
        clientIds.forEach(ids::put);
        reorderHeader(header);
        List<CapturedFrame> frames = recorder.frames();
        // as if recorded on the capture's addresses, so that the comparison sees only real differences
        return addresses.toCaptured(new Capture(new CaptureHeader(header), frames, results));
    }

    private void perform(int index, Step step, CaptureHeader scenario, Target.Endpoints ep, Recorder recorder,
                         Map<String, TestClient> clients, Map<String, String> clientIds, List<CallResult> results)
            throws Exception {
        switch (step.op()) {
            case CONNECT: {
                boolean ws = step.isWebSocket();
                String serverName = ws ? scenario.wsGatewayAddress() : scenario.textGatewayAddress();
                TestClient c = TestClient.connect(step, SocketAddresses.parse(ws ? ep.webSocket() : ep.text()), serverName, recorder);
                TestClient old = clients.put(step.client(), c);
                if (old != null) {
                    old.close();
                }
                clientIds.put(step.client(), c.awaitWelcome(WELCOME_TIMEOUT_MS));
                break;
            }
            case SEND:
                client(clients, step).send(step.payload(), step.opcode());
                break;
            case CLOSE:
                client(clients, step).closeStep();
                break;
            case CALL: {
                JsonNode args = ep.addresses().toTarget(resolve(step.args(), clientIds));
                CallExecutor.Reply r;
                try {
                    r = calls.call(step.method(), args,
                            new CallExecutor.Context(ep.register(), scenario.secretKey(), ep.innerRoute()));
                } catch (Exception e) {
                    r = new CallExecutor.Reply(JsonNodeFactory.instance.nullNode(),
                            "N;".getBytes(StandardCharsets.UTF_8), "", e.getClass().getName() + ": " + e.getMessage());
                }
                results.add(new CallResult(0, recorder.tick(), index, step.method(), r.result(), r.serialized(),
                        r.output(), r.exception()));
                break;
            }
            case WAIT:
            default:
                Thread.sleep(step.ms());
                break;
        }
    }

    private static TestClient client(Map<String, TestClient> clients, Step step) {
        TestClient c = clients.get(step.client());
        if (c == null) {
            throw new IllegalStateException("step " + step.describe() + ": client " + step.client() + " was never connected");
        }
        return c;
    }

    /** Replaces every string {@code "$name"} naming a connected client by that client's client_id. */
    public static JsonNode resolve(JsonNode node, Map<String, String> clientIds) {
        return JsonStrings.map(node, s -> {
            if (s.startsWith("$") && clientIds.containsKey(s.substring(1))) {
                String id = clientIds.get(s.substring(1));
                return id == null ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.textNode(id);
            }
            return JsonNodeFactory.instance.textNode(s);
        }, UnaryOperator.identity());
    }

    /** Puts the header fields in the order docs/CAPTURE-FORMAT.md shows. */
    private static void reorderHeader(ObjectNode h) {
        ObjectNode copy = h.deepCopy();
        h.removeAll();
        for (String k : List.of("gwcap", "scenario", "source", "secret_key", "deployment", "steps", "client_ids", "description")) {
            if (copy.has(k)) {
                h.set(k, copy.get(k));
            }
        }
        copy.fields().forEachRemaining(e -> {
            if (!h.has(e.getKey())) {
                h.set(e.getKey(), e.getValue());
            }
        });
        if (!h.has("deployment")) {
            ObjectNode d = JsonNodeFactory.instance.objectNode();
            d.put("register", CaptureHeader.DEFAULT_REGISTER);
            d.put("gateway_text", CaptureHeader.DEFAULT_TEXT);
            d.put("gateway_ws", CaptureHeader.DEFAULT_WS);
            ArrayNode inner = d.putArray("inner");
            CaptureHeader.DEFAULT_INNER.forEach(inner::add);
            h.set("deployment", d);
            reorderHeader(h);
        }
    }

}
