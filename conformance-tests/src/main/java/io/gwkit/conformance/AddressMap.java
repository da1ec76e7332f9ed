package io.gwkit.conformance;

import io.gwkit.protocol.HostPort;
import io.gwkit.protocol.Ipv4;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The target's addresses when they are not the capture's: gateway inner addresses (a PHP cluster on inner port
 * 52900 against captures made on 2900, or the embedded cluster on free ports) and client listener ports. A client_id is the hex of the gateway's inner ip:port plus a connection
 * number, so every client_id and every inner address the target produces differs from the capture's.
 * This map rewrites them consistently: call arguments from the capture's addresses to the target's before a
 * call, and the target's recording back to the capture's before comparison. Inner ip:port pairs are mapped in
 * order (the capture's first inner address to the first given one).
 *
 * <p>What is rewritten in the recording: client_id prefixes ({@code 7f0000010b54} ↔ {@code 7f000001cea4}) in
 * every frame and result (same length, so PHP-serialized string lengths stay right); "ip:port" text in
 * register-link JSON lines; the 16-bit {@code local_port} field of inner-link frame headers (the gateway's
 * inner port, from which a worker computes client_ids) and their {@code gateway_port} (the client listener port).
 */
public final class AddressMap {

    /** Frame header offset of local_port: pack_len(4) cmd(1) local_ip(4). */
    private static final int LOCAL_PORT_OFFSET = 9;
    /** Frame header offset of gateway_port: ... client_ip(4) client_port(2) connection_id(4) flag(1). */
    private static final int GATEWAY_PORT_OFFSET = 22;

    private final Map<String, String> capturedToTarget;
    /** The target's client listener port to the capture's. */
    private final Map<Integer, Integer> gatewayPorts;

    private AddressMap(Map<String, String> capturedToTarget, Map<Integer, Integer> gatewayPorts) {
        this.capturedToTarget = capturedToTarget;
        this.gatewayPorts = gatewayPorts;
    }

    /** The identity map (the target uses the capture's inner addresses). */
    public static AddressMap none() {
        return new AddressMap(Map.of(), Map.of());
    }

    /** This map, plus: the target's client listener on {@code targetPort} is the capture's {@code capturedPort}. */
    public AddressMap withGatewayPort(int capturedPort, int targetPort) {
        Map<Integer, Integer> ports = new LinkedHashMap<>(gatewayPorts);
        if (capturedPort != targetPort) {
            ports.put(targetPort, capturedPort);
        }
        return new AddressMap(capturedToTarget, ports);
    }

    /**
     * Pairs {@code captured.get(i)} with {@code target.get(i)}.
     *
     * @throws IllegalArgumentException when the lists differ in size or an address is not IPv4 ip:port
     */
    public static AddressMap of(List<String> captured, List<String> target) {
        if (captured.size() != target.size()) {
            throw new IllegalArgumentException("the capture has " + captured.size() + " inner addresses " + captured
                    + ", --inner gives " + target.size() + " " + target);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < captured.size(); i++) {
            prefix(captured.get(i));
            prefix(target.get(i));
            if (!captured.get(i).equals(target.get(i))) {
                m.put(captured.get(i), target.get(i));
            }
        }
        return new AddressMap(m, Map.of());
    }

    /** The map for {@code scenario} and the target's inner addresses ({@code target} empty: the capture's own). */
    public static AddressMap forScenario(CaptureHeader scenario, List<String> target) {
        return target.isEmpty() ? none() : of(scenario.innerAddresses(), target);
    }

    public boolean isIdentity() {
        return capturedToTarget.isEmpty() && gatewayPorts.isEmpty();
    }

    /** The target's address for a captured inner address (the address itself when not mapped). */
    public String toTarget(String capturedAddress) {
        return capturedToTarget.getOrDefault(capturedAddress, capturedAddress);
    }

    /** Call arguments: client_ids of the capture's gateways become the target's. */
    public JsonNode toTarget(JsonNode args) {
        if (isIdentity()) {
            return args;
        }
        Map<String, String> prefixes = new LinkedHashMap<>();
        capturedToTarget.forEach((c, t) -> prefixes.put(prefix(c), prefix(t)));
        return mapText(args, prefixes);
    }

    /** The target's recording as the capture's addresses would have produced it. */
    public Capture toCaptured(Capture actual) {
        if (isIdentity()) {
            return actual;
        }
        Map<byte[], byte[]> prefixes = new LinkedHashMap<>();
        Map<byte[], byte[]> addresses = new LinkedHashMap<>();
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        Map<String, String> textPrefixes = new LinkedHashMap<>();
        capturedToTarget.forEach((c, t) -> {
            prefixes.put(ascii(prefix(t)), ascii(prefix(c)));
            textPrefixes.put(prefix(t), prefix(c));
            addresses.put(ascii('"' + t + '"'), ascii('"' + c + '"')); // quoted: :2900 is not a prefix of :29001
            ports.put(port(t), port(c));
        });
        List<CapturedFrame> frames = new ArrayList<>(actual.frames().size());
        for (CapturedFrame f : actual.frames()) {
            byte[] b = replace(f.bytes(), prefixes);
            if (f.link() == Link.REGISTER) {
                b = replace(b, addresses);
            } else if (f.link() == Link.INNER && f.kind() == FrameKind.GATEWAY && b.length >= GATEWAY_PORT_OFFSET + 2) {
                b = mapPort(mapPort(b, LOCAL_PORT_OFFSET, ports), GATEWAY_PORT_OFFSET, gatewayPorts);
            }
            frames.add(new CapturedFrame(f.index(), f.order(), f.step(), f.link(), f.conn(), f.server(), f.from(),
                    f.to(), f.client(), f.kind(), b, f.incomplete()));
        }
        List<CallResult> results = new ArrayList<>(actual.results().size());
        for (CallResult r : actual.results()) {
            results.add(new CallResult(r.index(), r.order(), r.step(), r.method(),
                    r.result() == null ? null : mapText(r.result(), textPrefixes),
                    r.resultSerialized() == null ? null : replace(r.resultSerialized(), prefixes), r.output(),
                    r.exception()));
        }
        ObjectNode header = (ObjectNode) mapText(actual.header().json(), textPrefixes);
        return new Capture(new CaptureHeader(header), frames, results);
    }

    /** {@code b} with the 16-bit big-endian port at {@code offset} mapped, or {@code b} itself. */
    private static byte[] mapPort(byte[] b, int offset, Map<Integer, Integer> ports) {
        Integer mapped = ports.get(((b[offset] & 0xff) << 8) | (b[offset + 1] & 0xff));
        if (mapped == null) {
            return b;
        }
        byte[] out = b.clone();
        out[offset] = (byte) (mapped >> 8);
        out[offset + 1] = (byte) (int) mapped;
        return out;
    }

    /** The 12 hex digits a client_id of this gateway starts with: ip (8) and port (4). */
    private static String prefix(String address) {
        HostPort inner = HostPort.parse(address);
        long ip;
        try {
            ip = Ipv4.parse(inner.host());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IPv4 ip:port inner address: " + address, e);
        }
        return String.format("%08x%04x", ip, inner.port());
    }

    private static int port(String address) {
        return HostPort.parse(address).port();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static JsonNode mapText(JsonNode node, Map<String, String> replacements) {
        UnaryOperator<String> text = s -> {
            for (Map.Entry<String, String> e : replacements.entrySet()) {
                s = s.replace(e.getKey(), e.getValue());
            }
            return s;
        };
        return JsonStrings.map(node, s -> JsonNodeFactory.instance.textNode(text.apply(s)), text);
    }

    /** Every occurrence of each key replaced by its value, left to right. */
    static byte[] replace(byte[] in, Map<byte[], byte[]> replacements) {
        byte[] b = in;
        for (Map.Entry<byte[], byte[]> e : replacements.entrySet()) {
            b = replace(b, e.getKey(), e.getValue());
        }
        return b;
    }

    private static byte[] replace(byte[] in, byte[] from, byte[] to) {
        ByteArrayOutputStream out = null;
        int copied = 0;
        for (int i = 0; i + from.length <= in.length; i++) {
            if (matches(in, i, from)) {
                if (out == null) {
                    out = new ByteArrayOutputStream(in.length);
                }
                out.write(in, copied, i - copied);
                out.writeBytes(to);
                copied = i + from.length;
                i = copied - 1;
            }
        }
        if (out == null) {
            return in;
        }
        out.write(in, copied, in.length - copied);
        return out.toByteArray();
    }

    private static boolean matches(byte[] in, int at, byte[] what) {
        for (int j = 0; j < what.length; j++) {
            if (in[at + j] != what[j]) {
                return false;
            }
        }
        return true;
    }
}
