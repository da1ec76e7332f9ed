package io.gwkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.client.CallListener;
import io.gwkit.client.GatewayClient;
import io.gwkit.client.GatewayProtocolException;
import io.gwkit.client.GatewayTimeoutException;
import io.gwkit.client.GatewayUnavailableException;
import io.gwkit.client.PhpMethod;
import io.gwkit.client.RegisterUnavailableException;
import io.gwkit.php.PhpArray;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.RegisterMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The SDK against the testkit's mocks: what users' tests will do, and proof that the mocks speak the wire. */
@Tag("socket")
class MockGatewayTest {

    private final MockGateway gateway;
    private final MockRegister register;
    private GatewayClient client;

    MockGatewayTest() throws Exception {
        gateway = new MockGateway();
        register = new MockRegister(gateway);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        gateway.close();
        register.close();
    }

    private GatewayClient client(GatewayClient.Builder b) {
        client = b.registerAddress(register.address()).connectionsPerGateway(1).ioThreads(1)
                .connectTimeout(Duration.ofSeconds(2)).replyTimeout(Duration.ofMillis(800)).build();
        return client;
    }

    @Test
    void queuedRepliesAnswerRequestsAndTakeRequestShowsTheWire() throws Exception {
        GatewayClient gw = client(GatewayClient.builder());
        gateway.enqueue(MockReply.value(1));
        gateway.enqueue(MockReply.serialized("i:0;"));
        assertTrue(gw.isOnline(gateway.clientId(7)));
        assertFalse(gw.isOnline(gateway.clientId(8)));
        RecordedFrame first = gateway.takeRequest();
        assertEquals(Command.IS_ONLINE, first.command());
        assertEquals(7, first.connectionId());
        assertEquals(8, gateway.takeRequest().connectionId());

        gw.sendToUid("u1", "hello");
        RecordedFrame send = gateway.takeRequest();
        assertEquals(Command.SEND_TO_UID, send.command());
        assertEquals("[\"u1\"]", send.extDataUtf8());
        assertEquals("hello", send.bodyUtf8());
        assertEquals(1, gateway.connectionCount(), "one pooled connection carried all three");

        RegisterMessage hello = register.takeRequest();
        assertInstanceOf(RegisterMessage.WorkerConnect.class, hello);
    }

    @Test
    void phpValuesAndADispatcherAnswerQueries() throws Exception {
        GatewayClient gw = client(GatewayClient.builder());
        PhpArray uids = new PhpArray();
        uids.put("u1", List.of(1L, 2L));
        gateway.enqueue(MockReply.value(uids));
        assertEquals(Map.of("u1", List.of(gateway.clientId(1), gateway.clientId(2))),
                gw.batchGetClientIdByUid(List.of("u1")));
        gateway.dispatcher(r -> MockReply.value(r.command() == Command.GET_CLIENT_COUNT_BY_GROUP ? 3 : 0));
        assertEquals(3, gw.getClientCountByGroup("g"));
        assertEquals(3, gw.getAllClientCount());
    }

    @Test
    void secretKeyIsCheckedAndTheAuthFrameComesFirst() throws Exception {
        gateway.secretKey("k");
        register.secretKey("k");
        GatewayClient gw = client(GatewayClient.builder().secretKey("k"));
        gateway.enqueue(MockReply.value(1));
        assertTrue(gw.isOnline(gateway.clientId(1)));
        RecordedFrame auth = gateway.takeRequest();
        assertEquals(Command.GATEWAY_CLIENT_CONNECT, auth.command());
        assertEquals("{\"secret_key\":\"k\"}", auth.bodyUtf8());
        assertEquals(Command.IS_ONLINE, gateway.takeRequest().command());

        GatewayClient wrong = GatewayClient.builder().registerAddress(register.address()).secretKey("nope")
                .connectTimeout(Duration.ofSeconds(1)).replyTimeout(Duration.ofMillis(500)).ioThreads(1).build();
        try (wrong) {
            assertThrows(RegisterUnavailableException.class, () -> wrong.getAllClientCount());
            // a client_id call needs the register's list too (the SDK dials only listed gateways): no list, no dial
            assertThrows(RegisterUnavailableException.class, () -> wrong.isOnline(gateway.clientId(1)));
        }
        assertNull(gateway.takeRequest(Duration.ofMillis(100)), "an unauthenticated request was recorded");
    }

    @Test
    void faultsReachTheSdkAsTypedErrors() throws Exception {
        GatewayClient gw = client(GatewayClient.builder());
        gateway.fault(Fault.NO_RESPONSE);
        assertThrows(GatewayTimeoutException.class, () -> gw.isOnline(gateway.clientId(1)));
        assertEquals(Command.IS_ONLINE, gateway.takeRequest().command());

        gateway.fault(Fault.GARBAGE_REPLY);
        gateway.dropConnections();
        assertThrows(GatewayProtocolException.class, () -> gw.isOnline(gateway.clientId(1)));

        gateway.fault(Fault.DISCONNECT_AT_START);
        gateway.dropConnections();
        assertThrows(GatewayUnavailableException.class, () -> gw.isOnline(gateway.clientId(1)));

        gateway.fault(Fault.NONE);
        gateway.enqueue(MockReply.value(1).delayed(Duration.ofSeconds(2)));
        assertThrows(GatewayTimeoutException.class, () -> gw.isOnline(gateway.clientId(1)), "delayed past 800 ms");

        register.fault(Fault.DISCONNECT_AFTER_REQUEST);
        assertThrows(RegisterUnavailableException.class, () -> gw.getAllClientCount());
    }

    @Test
    void oneRequestCanBeAnsweredWithRawBytesOrAClosedConnection() throws Exception {
        GatewayClient gw = client(GatewayClient.builder().maxReplyLength(1 << 20));
        gateway.enqueue(MockReply.disconnect());
        gateway.enqueue(MockReply.value(1));
        assertTrue(gw.isOnline(gateway.clientId(1)), "the SDK retried once on a fresh connection");
        assertEquals(1, gateway.takeRequest().connection());
        assertEquals(2, gateway.takeRequest().connection());
        assertEquals(2, gateway.connectionCount());

        gateway.enqueue(MockReply.wire(new byte[] {0, 0, 0, 4, 'i', ':', '0', ';'}));
        assertFalse(gw.isOnline(gateway.clientId(2)));
        gateway.enqueue(MockReply.wire(new byte[] {0x7f, 0, 0, 0, 'x'})); // announces 2 GB
        assertThrows(GatewayProtocolException.class, () -> gw.isOnline(gateway.clientId(3)));
        assertEquals("MockReply[disconnect]", MockReply.disconnect().toString());
    }

    @Test
    void aWorkerLinkCarriesEventsBothWays() throws Exception {
        // the worker's side, spoken by hand: cmd 200 then a reply to an event
        try (java.net.Socket worker = new java.net.Socket("127.0.0.1", gateway.port())) {
            worker.getOutputStream().write(io.gwkit.protocol.GatewayFrameCodec.encode(
                    GatewayFrame.request(Command.WORKER_CONNECT, 0, 0, new byte[0],
                            "{\"worker_key\":\"w:0\"}".getBytes(StandardCharsets.UTF_8))));
            MockGateway.WorkerLink link = gateway.takeWorker();
            assertEquals(Command.WORKER_CONNECT, link.connectFrame().command());
            link.send(GatewayFrame.request(Command.ON_MESSAGE, 5, 0, new byte[0],
                    "hi".getBytes(StandardCharsets.UTF_8)));
            byte[] got = worker.getInputStream().readNBytes(30);
            assertEquals(Command.ON_MESSAGE.code(), got[4] & 0xFF);
            worker.getOutputStream().write(io.gwkit.protocol.GatewayFrameCodec.encode(
                    GatewayFrame.request(Command.SEND_TO_ONE, 5, 0, new byte[0], "yo".getBytes(StandardCharsets.UTF_8))));
            RecordedFrame answer = link.takeFrame();
            assertEquals(Command.SEND_TO_ONE, answer.command());
            assertEquals("yo", answer.bodyUtf8());
            assertNull(gateway.takeRequest(Duration.ofMillis(50)), "worker frames are not requests");
        }
    }

    @Test
    void theCallListenerHearsEveryCallOnceWithItsOutcome() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        CallListener listener = (method, nanos, failure) -> heard.add(method.phpName() + ":"
                + (failure == null ? "ok" : failure.getClass().getSimpleName()) + (nanos > 0 ? "" : ":no-time"));
        GatewayClient gw = client(GatewayClient.builder().callListener(listener));
        gateway.enqueue(MockReply.value(1));
        gw.isOnline(gateway.clientId(1));
        gw.async().sendToClient(gateway.clientId(1), "x").join();
        gateway.enqueue(MockReply.value(2));
        assertEquals(2L, gw.invoke(PhpMethod.GET_ALL_CLIENT_COUNT, List.of()));
        gateway.fault(Fault.NO_RESPONSE);
        assertThrows(GatewayTimeoutException.class, () -> gw.isOnline(gateway.clientId(1)));
        assertThrows(IllegalArgumentException.class, () -> gw.invoke(PhpMethod.BIND_UID, List.of()));
        assertEquals(List.of("isOnline:ok", "sendToClient:ok", "getAllClientCount:ok",
                "isOnline:GatewayTimeoutException", "bindUid:IllegalArgumentException"), heard);
    }
}
