package io.gwkit.client.internal;

import io.gwkit.client.GatewayTransport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gwkit.client.AsyncGatewayClient;
import io.gwkit.client.GatewayUnavailableException;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The PHP-shaped API over an in-memory transport: PHP's argument coercions, merge order, failures. */
@Tag("socket")
class PhpGatewayApiTest {

    /** Records frames; answers requests with {@code replies.apply(address, frame)} (serialized text, or null: fail). */
    static final class RecordingTransport implements GatewayTransport {
        final List<String> addresses;
        final List<String> sent = new ArrayList<>();
        final BiFunction<String, GatewayFrame, String> replies;

        RecordingTransport(List<String> addresses, BiFunction<String, GatewayFrame, String> replies) {
            this.addresses = addresses;
            this.replies = replies;
        }

        @Override
        public CompletableFuture<List<String>> gatewayAddresses() {
            return CompletableFuture.completedFuture(addresses);
        }

        @Override
        public synchronized CompletableFuture<Void> send(String address, GatewayFrame f) {
            sent.add(address + " " + f.command() + " " + f.connectionId() + " ["
                    + new String(f.extData(), StandardCharsets.UTF_8) + "] " + new String(f.body(),
                            StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<byte[]> request(String address, GatewayFrame f) {
            String r = replies.apply(address, f);
            return r == null
                    ? CompletableFuture.failedFuture(new GatewayUnavailableException(null, address,
                            "down " + address, null))
                    : CompletableFuture.completedFuture(r.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Object invoke(GatewayTransport t, String method, Object... args) {
        return AsyncGatewayClient.over(t).invoke(method, java.util.Arrays.asList(args)).join();
    }

    private static String json(Object php) {
        return PhpJson.encode(php);
    }

    @Test
    void emptyUidOrGroupIsLeftOutOfExtDataAsPhpDoes() {
        RecordingTransport t = new RecordingTransport(List.of(), (a, f) -> "N;");
        invoke(t, "bindUid", "7f0000010b5400000001", "0");
        invoke(t, "joinGroup", "7f0000010b5400000001", 7L);
        assertEquals(List.of("127.0.0.1:2900 BIND_UID 1 [] ", "127.0.0.1:2900 JOIN_GROUP 1 [7] "), t.sent);
    }

    @Test
    void aMessageThatIsNotAStringIsRefusedBeforeAnythingIsSent() {
        RecordingTransport t = new RecordingTransport(List.of("127.0.0.1:2900"), (a, f) -> "N;");
        CompletionException e = assertThrows(CompletionException.class,
                () -> invoke(t, "sendToGroup", "g1", Map.of("type", "chat")));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals("sendToGroup(): $message must be a string, got an array; to send JSON, send its text"
                + " (encode it first)", e.getCause().getMessage());
        for (Object bad : new Object[] {List.of("a"), 42, true, null}) {
            assertThrows(CompletionException.class, () -> invoke(t, "sendToAll", bad));
            assertThrows(CompletionException.class, () -> invoke(t, "sendToUid", "u1", bad));
            assertThrows(CompletionException.class, () -> invoke(t, "sendToClient", "7f0000010b5400000001", bad));
        }
        assertThrows(CompletionException.class, () -> invoke(t, "closeClient", "7f0000010b5400000001", 5));
        assertEquals(List.of(), t.sent);
        invoke(t, "sendToGroup", "g1", "{\"type\":\"chat\"}");
        invoke(t, "sendToAll", "bytes".getBytes(StandardCharsets.UTF_8));
        invoke(t, "closeClient", "7f0000010b5400000001", null);
        assertEquals(3, t.sent.size(), t.sent.toString());
        assertEquals("127.0.0.1:2900 SEND_TO_GROUP 0 [{\"group\":[\"g1\"],\"exclude\":null}] {\"type\":\"chat\"}",
                t.sent.get(0));
    }

    @Test
    void methodNamesAreCaseInsensitiveAndArityIsChecked() {
        RecordingTransport t = new RecordingTransport(List.of("127.0.0.1:2900"), (a, f) -> "i:3;");
        assertEquals(3L, invoke(t, "GETALLCLIENTCOUNT"));
        CompletionException e = assertThrows(CompletionException.class, () -> invoke(t, "sendToClient", "x"));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals("Too few arguments to sendToClient(), 1 passed and exactly 2 expected: "
                + "sendToClient($client_id, $message)", e.getCause().getMessage());
    }

    @Test
    void repliesMergeGroupedByGatewayIpAsPhpDoes() {
        // PHP keys replies by ip, then port: a second gateway on the first ip comes before the other ip
        List<String> gateways = List.of("10.0.0.1:2900", "10.0.0.2:2900", "10.0.0.1:2901");
        RecordingTransport t = new RecordingTransport(gateways, (a, f) -> "a:1:{i:0;i:1;}");
        assertEquals("[\"0a0000010b5400000001\",\"0a0000010b5500000001\",\"0a0000020b5400000001\"]",
                json(invoke(t, "getClientIdByUid", "u")));
    }

    @Test
    void getAllGroupUidListIsCompleteWherePhpStopsEarly() {
        RecordingTransport t = new RecordingTransport(List.of("127.0.0.1:2900"), (a, f) ->
                "a:3:{i:1;a:2:{s:3:\"uid\";N;s:6:\"groups\";N;}i:2;a:2:{s:3:\"uid\";s:2:\"u1\";s:6:\"groups\";"
                        + "a:1:{s:2:\"g1\";s:2:\"g1\";}}i:3;a:2:{s:3:\"uid\";i:42;s:6:\"groups\";a:1:{i:5;s:1:\"5\";}}}");
        assertEquals("{\"g1\":{\"u1\":\"u1\"},\"5\":{\"42\":42}}", json(invoke(t, "getAllGroupUidList")));
        assertEquals("{\"g1\":1,\"5\":1}", json(invoke(t, "getAllGroupUidCount")));
    }

    @Test
    void sendToAllWithExcludesOnlyNamesTheGatewaysConcerned() {
        RecordingTransport t = new RecordingTransport(List.of("127.0.0.1:2900", "127.0.0.1:2901"), (a, f) -> null);
        assertNull(invoke(t, "sendToAll", "m", null, "7f0000010b5500000002"));
        assertEquals(List.of("127.0.0.1:2900 SEND_TO_ALL 0 [] m",
                "127.0.0.1:2901 SEND_TO_ALL 0 [{\"exclude\":{\"2\":2}}] m"),
                t.sent);
    }

    @Test
    void sendToAllWithABadClientIdArrayDoesNothingAndReturnsNull() {
        RecordingTransport t = new RecordingTransport(List.of("127.0.0.1:2900"), (a, f) -> null);
        assertNull(invoke(t, "sendToAll", "m", "not an array"));
        assertEquals(List.of(), t.sent);
    }

    @Test
    void fanOutFailsWithTheFailingGatewayUnlessBestEffort() {
        RecordingTransport t = new RecordingTransport(List.of("127.0.0.1:2900", "127.0.0.1:2901"),
                (a, f) -> a.endsWith("2901") ? null : "i:2;");
        CompletionException e = assertThrows(CompletionException.class, () -> invoke(t, "getAllClientCount"));
        GatewayUnavailableException g = assertInstanceOf(GatewayUnavailableException.class, e.getCause());
        assertEquals("getAllClientCount: down 127.0.0.1:2901", g.getMessage());
        assertEquals(2L, AsyncGatewayClient.over(t, true).invoke("getAllClientCount", List.of()).join());
    }

    @Test
    void typedResultsConvertPhpShapes() {
        RecordingTransport t = new RecordingTransport(List.of("127.0.0.1:2900"), (a, f) ->
                f.command() == Command.BATCH_GET_CLIENT_ID_BY_UID ? "a:2:{i:42;a:1:{i:0;i:1;}s:1:\"x\";a:0:{}}" : "N;");
        AsyncGatewayClient api = AsyncGatewayClient.over(t);
        assertEquals(Map.of("42", List.of("7f0000010b5400000001"), "x", List.of()),
                api.batchGetClientIdByUid(List.of(42, "x")).join());
        assertEquals(Map.of("42", true, "x", false), api.isUidsOnline(List.of(42, "x")).join());
        assertNull(api.getSession("7f0000010b5400000001").join());
        PhpArray session = new PhpArray();
        session.put("k", 1L);
        api.setSession("7f0000010b5400000001", Map.of("k", 1)).join();
        assertEquals("127.0.0.1:2900 SET_SESSION 1 [" + PhpSerializer.serializeToString(session) + "] ", t.sent.get(0));
    }
}
