package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The inner connection's lifecycle: it only moves forward, and a rejection ends it for good. */
class InnerConnectionTest {

    @Test
    void withASecretItAuthenticatesThenIsEstablished() {
        InnerConnection inner = new InnerConnection(new EmbeddedChannel(), false);
        assertEquals(InnerConnection.State.AWAITING_AUTH, inner.state());
        assertFalse(inner.authorized());
        inner.establish(); // not before authentication
        assertEquals(InnerConnection.State.AWAITING_AUTH, inner.state());
        inner.authorize();
        assertTrue(inner.authorized());
        inner.establish();
        assertEquals(InnerConnection.State.ESTABLISHED, inner.state());
        inner.authorize(); // a repeated cmd 200 changes nothing
        assertEquals(InnerConnection.State.ESTABLISHED, inner.state());
    }

    @Test
    void aRejectedConnectionStaysRejectedAndClosed() {
        EmbeddedChannel ch = new EmbeddedChannel();
        InnerConnection inner = new InnerConnection(ch, true);
        inner.reject();
        assertTrue(inner.rejected());
        assertFalse(inner.authorized());
        assertFalse(ch.isOpen());
        inner.authorize();
        inner.establish();
        assertEquals(InnerConnection.State.REJECTED, inner.state());
    }

    @Test
    void aWrongSecretIsAnAuthFailureEvenIfRejectedAgain() {
        InnerConnection inner = new InnerConnection(new EmbeddedChannel(), false);
        inner.rejectAuth();
        inner.reject();
        assertEquals(InnerConnection.State.AUTH_FAILED, inner.state());
        assertTrue(inner.rejected());
    }
}
