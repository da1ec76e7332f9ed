package io.gwkit.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("socket")
class AddressMapTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // 52900 = 0xcea4, 2900 = 0x0b54
    private final AddressMap map = AddressMap.of(List.of("127.0.0.1:2900", "127.0.0.1:2901"),
            List.of("127.0.0.1:52900", "127.0.0.1:2901"));

    private static CapturedFrame frame(Link link, FrameKind kind, byte[] bytes) {
        return new CapturedFrame(1, 1, 0, link, link + "#1", "127.0.0.1:2900", "gateway", "worker", null, kind,
                bytes, false);
    }

    @Test
    void callArgumentsGetTheTargetsClientIds() throws Exception {
        assertEquals("[\"7f000001cea400000063\",[\"7f0000010b5500000001\"]]",
                map.toTarget(JSON.readTree("[\"7f0000010b5400000063\",[\"7f0000010b5500000001\"]]")).toString());
    }

    @Test
    void theRecordingGetsTheCapturesAddressesBack() throws Exception {
        byte[] header = new byte[28];
        header[9] = (byte) 0xce;
        header[10] = (byte) 0xa4;
        ObjectNode h = (ObjectNode) JSON.readTree("{\"scenario\":\"x\",\"steps\":[],\"client_ids\":{\"c1\":\"7f000001cea400000001\"}}");
        Capture actual = new Capture(new CaptureHeader(h), List.of(
                frame(Link.CLIENT, FrameKind.LINE, "{\"client_id\":\"7f000001cea400000001\"}\n".getBytes(StandardCharsets.UTF_8)),
                frame(Link.REGISTER, FrameKind.LINE, "{\"addresses\":[\"127.0.0.1:52900\",\"127.0.0.1:2901\"]}\n"
                        .getBytes(StandardCharsets.UTF_8)),
                frame(Link.INNER, FrameKind.GATEWAY, header)),
                List.of(new CallResult(1, 1, 0, "getAllClientIdList", JSON.readTree("{\"7f000001cea400000001\":1}"),
                        "a:1:{s:20:\"7f000001cea400000001\";i:1;}".getBytes(StandardCharsets.UTF_8), "", null)));
        Capture c = map.toCaptured(actual);
        assertEquals("{\"client_id\":\"7f0000010b5400000001\"}\n", new String(c.frames().get(0).bytes(), StandardCharsets.UTF_8));
        assertEquals("{\"addresses\":[\"127.0.0.1:2900\",\"127.0.0.1:2901\"]}\n",
                new String(c.frames().get(1).bytes(), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {0x0b, 0x54}, java.util.Arrays.copyOfRange(c.frames().get(2).bytes(), 9, 11));
        assertEquals("{\"7f0000010b5400000001\":1}", c.results().get(0).result().toString());
        assertEquals("a:1:{s:20:\"7f0000010b5400000001\";i:1;}",
                new String(c.results().get(0).resultSerialized(), StandardCharsets.UTF_8));
        assertEquals("7f0000010b5400000001", c.header().json().path("client_ids").path("c1").asText());
    }

    @Test
    void badListsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AddressMap.of(List.of("127.0.0.1:2900"), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> AddressMap.of(List.of("127.0.0.1:2900"), List.of("gw.example:2900")));
        assertTrue(AddressMap.of(List.of("127.0.0.1:2900"), List.of("127.0.0.1:2900")).isIdentity());
    }

    @Test
    void aDifferenceInOrderOnlyIsHinted() {
        assertTrue(Difference.sameElementsOtherOrder("[\"a\",\"b\",\"c\"]", "[\"c\",\"a\",\"b\"]"));
        assertTrue(Difference.sameElementsOtherOrder("a:2:{i:0;s:1:\"a\";i:1;s:1:\"b\";}",
                "a:2:{i:0;s:1:\"b\";i:1;s:1:\"a\";}"));
        assertFalse(Difference.sameElementsOtherOrder("{\"x\":1,\"y\":2}", "{\"x\":2,\"y\":1}"));
        assertFalse(Difference.sameElementsOtherOrder("[\"a\"]", "[\"b\"]"));
        Difference d = new Difference(0, "result of getAllClientIdList", 0, 3, "result", "[\"a\",\"b\"]",
                "[\"b\",\"a\"]", null, null, null);
        assertTrue(d.summary().endsWith("[hint: same elements, other order]"), d.summary());
    }
}
