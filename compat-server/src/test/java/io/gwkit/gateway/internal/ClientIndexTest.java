package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.Listener;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ClientIndex}: the uid and group rules of PHP's gateway, kept in one place. */
class ClientIndexTest {

    private final ClientIndex index = new ClientIndex();

    private ClientConnection client(long id) {
        ClientConnection c = new ClientConnection(new EmbeddedChannel(), Listener.of(Listener.Protocol.TEXT,
                "127.0.0.1", 0), 8282, 0x7f000001L, 40000);
        c.id = id;
        index.add(c);
        return c;
    }

    @Test
    void clientsByIdInConnectionOrder() {
        ClientConnection a = client(2);
        ClientConnection b = client(1);
        assertSame(a, index.get(2L));
        assertNull(index.get("2")); // a PHP string key matches no connection id
        assertTrue(index.contains(1));
        assertEquals(List.of(a, b), List.copyOf(index.all()));
        assertThrows(UnsupportedOperationException.class, () -> index.all().clear());
    }

    @Test
    void bindingAnotherUidMovesTheClient() {
        ClientConnection a = client(1);
        ClientConnection b = client(2);
        index.bindUid(a, "u1");
        index.bindUid(b, "u1");
        assertEquals(Set.of(1L, 2L), index.uidMembers("u1").keySet());
        index.bindUid(a, "u2");
        assertEquals("u2", a.uid);
        assertEquals(Set.of(2L), index.uidMembers("u1").keySet());
        assertEquals(Set.of(1L), index.uidMembers("u2").keySet());
        index.unbindUid(b);
        assertNull(b.uid);
        assertTrue(index.uidMembers("u1").isEmpty());
        index.unbindUid(b); // unbinding twice is nothing
    }

    @Test
    void numericUidsAndGroupsAreIntKeysAsInPhp() {
        ClientConnection a = client(1);
        index.bindUid(a, "100");
        index.join(a, "7");
        assertEquals(Set.of(1L), index.uidMembers(100L).keySet());
        assertEquals(Set.of(1L), index.groupMembers(7L).keySet());
        assertEquals("7", a.groups.get(7L));
    }

    @Test
    void joinLeaveAndUngroup() {
        ClientConnection a = client(1);
        ClientConnection b = client(2);
        index.join(a, "g1");
        index.join(a, "g2");
        index.join(b, "g2");
        assertEquals(List.of("g1", "g2"), List.copyOf(index.groupKeys()));
        index.leave(a, "g1");
        assertEquals(List.of("g2"), List.copyOf(index.groupKeys())); // an empty group is gone
        assertEquals(1, a.groups.size());
        index.leave(b, "g1"); // not a member: nothing
        index.ungroup("g2");
        assertTrue(index.groupKeys().isEmpty());
        assertEquals(0, a.groups.size()); // PHP keeps an empty groups array, not null
        assertEquals(0, b.groups.size());
        index.leave(client(3), "g2"); // never joined anything
    }

    @Test
    void removingAClientForgetsItEverywhere() {
        ClientConnection a = client(1);
        ClientConnection b = client(2);
        index.bindUid(a, "u");
        index.bindUid(b, "u");
        index.join(a, "g");
        index.remove(a);
        assertNull(index.get(1L));
        assertEquals(1, index.size());
        assertEquals(Set.of(2L), index.uidMembers("u").keySet());
        assertTrue(index.groupMembers("g").isEmpty());
        assertTrue(index.groupKeys().isEmpty());
        assertEquals("u", a.uid); // what the hooks saw of it stays
    }
}
