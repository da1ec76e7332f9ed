package io.gwkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class PhpMethodTest {

    @Test
    void findsPhpNamesCaseInsensitivelyAndOnlyPhpSpellings() {
        assertSame(PhpMethod.SEND_TO_ALL, PhpMethod.find("sendToAll"));
        assertSame(PhpMethod.SEND_TO_ALL, PhpMethod.find("SENDTOALL"));
        assertSame(PhpMethod.DESTORY_CLIENT, PhpMethod.find("destoryClient"));
        assertNull(PhpMethod.find("destroyClient"));
        assertNull(PhpMethod.find("SEND_TO_ALL"));
        assertNull(PhpMethod.find(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PhpMethod.of("sendToAl"));
        assertTrue(e.getMessage().contains("sendToAl"), e.getMessage());
    }

    @Test
    void parametersAndDefaultsAreJavaValues() {
        PhpMethod m = PhpMethod.SEND_TO_GROUP;
        assertEquals(List.of("group", "message", "exclude_client_id", "raw"), m.parameters());
        assertEquals(2, m.requiredCount());
        assertTrue(m.isRequired(1));
        assertFalse(m.isRequired(2));
        assertNull(m.defaultValue(2));
        assertEquals(Boolean.FALSE, m.defaultValue(3));
        assertEquals("", PhpMethod.GET_ALL_CLIENT_SESSIONS.defaultValue(0));
        assertThrows(IllegalArgumentException.class, () -> m.defaultValue(0));
        assertEquals("sendToGroup($group, $message, $exclude_client_id = null, $raw = false)", m.signature());
        assertEquals("getAllClientSessions($group = '')", PhpMethod.GET_ALL_CLIENT_SESSIONS.signature());
        assertEquals("sendToGroup", m.toString());
    }

    @Test
    void invokeByConstantChecksArityBeforeAnyIo() {
        AsyncGatewayClient api = AsyncGatewayClient.over(new io.gwkit.client.GatewayTransport() {
            @Override
            public java.util.concurrent.CompletableFuture<List<String>> gatewayAddresses() {
                throw new AssertionError("no I/O expected");
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> send(String a, io.gwkit.protocol.GatewayFrame f) {
                throw new AssertionError("no I/O expected");
            }

            @Override
            public java.util.concurrent.CompletableFuture<byte[]> request(String a, io.gwkit.protocol.GatewayFrame f) {
                throw new AssertionError("no I/O expected");
            }
        });
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> api.invoke(PhpMethod.BIND_UID, List.of("7f00000108fc00000001")).get());
        assertEquals("Too few arguments to bindUid(), 1 passed and exactly 2 expected: bindUid($client_id, $uid)",
                e.getCause().getMessage());
    }
}
