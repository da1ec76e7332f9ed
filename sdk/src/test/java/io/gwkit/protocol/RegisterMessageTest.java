package io.gwkit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("socket")
class RegisterMessageTest {

    @Test
    void rendersAsPhpBuildsTheLines() {
        assertEquals("{\"event\":\"gateway_connect\", \"address\":\"127.0.0.1:2900\", \"secret_key\":\"s3cr3t/K3y\"}",
                new RegisterMessage.GatewayConnect("127.0.0.1:2900", "s3cr3t/K3y").toLine());
        assertEquals("{\"event\":\"worker_connect\",\"secret_key\":\"s3cr3t/K3y\"}",
                new RegisterMessage.WorkerConnect("s3cr3t/K3y").toLine());
        assertEquals("{\"event\":\"worker_connect\",\"secret_key\":\"\"}", new RegisterMessage.WorkerConnect("").toLine());
        assertEquals("{\"event\":\"ping\"}", new RegisterMessage.Ping().toLine());
        assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[\"127.0.0.1:2900\",\"127.0.0.1:2901\"]}",
                new RegisterMessage.BroadcastAddresses(List.of("127.0.0.1:2900", "127.0.0.1:2901")).toLine());
        assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[]}",
                new RegisterMessage.BroadcastAddresses(List.of()).toLine());
    }

    @Test
    void parsesEachEvent() {
        assertEquals(new RegisterMessage.GatewayConnect("127.0.0.1:2900", "s3cr3t/K3y"), RegisterMessage.parse(
                "{\"event\":\"gateway_connect\", \"address\":\"127.0.0.1:2900\", \"secret_key\":\"s3cr3t/K3y\"}\r\n"));
        assertEquals(new RegisterMessage.WorkerConnect(""), RegisterMessage.parse("{\"event\":\"worker_connect\"}"));
        assertEquals(new RegisterMessage.WorkerConnect("a/b"),
                RegisterMessage.parse("{\"event\":\"worker_connect\",\"secret_key\":\"a\\/b\"}"));
        assertEquals(new RegisterMessage.Ping(), RegisterMessage.parse("{\"event\":\"ping\"}"));
        assertEquals(new RegisterMessage.BroadcastAddresses(List.of("a:1", "b:2")),
                RegisterMessage.parse("{\"event\":\"broadcast_addresses\",\"addresses\":[\"a:1\",\"b:2\"]}"));
        // PHP's array_unique leaves gaps, making the list an object
        assertEquals(new RegisterMessage.BroadcastAddresses(List.of("a:1", "b:2")),
                RegisterMessage.parse("{\"event\":\"broadcast_addresses\",\"addresses\":{\"0\":\"a:1\",\"2\":\"b:2\"}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "hello", "{\"event\":", "[1,2]", "\"ping\"", "null", "{}", "{\"event\":\"\"}", "{\"event\":null}",
        "{\"event\":\"dance\"}", "{\"event\":\"gateway_connect\",\"secret_key\":\"\"}",
        "{\"event\":\"gateway_connect\",\"address\":\"\"}", "{\"event\":\"gateway_connect\",\"address\":[1]}",
        "{\"event\":\"worker_connect\",\"secret_key\":5}", "{\"event\":\"broadcast_addresses\"}",
        "{\"event\":\"broadcast_addresses\",\"addresses\":\"a\"}", "{\"event\":\"broadcast_addresses\",\"addresses\":[1]}",
    })
    void malformedLines(String line) {
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> RegisterMessage.parse(line));
        assertTrue(e.getMessage().length() > 0);
    }

    @Test
    void errorMessagesQuoteTheLineButAbbreviateIt() {
        String longLine = "x".repeat(10_000);
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> RegisterMessage.parse(longLine));
        assertTrue(e.getMessage().length() < 1000, e.getMessage());
        assertTrue(e.getMessage().contains("10000 chars"), e.getMessage());
    }
}
