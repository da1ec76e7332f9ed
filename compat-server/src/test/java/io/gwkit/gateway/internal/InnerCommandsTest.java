package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.Listener;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The inner commands through {@link InnerCommands} on a {@link GatewayCore} whose clients and requester are
 * EmbeddedChannels: the uid and group commands, what their clients then receive (text-framed), the replies' bytes,
 * and what an unauthorized or malformed request costs.
 */
class InnerCommandsTest {

    private final GatewayCore core = TestCores.core(0, "", io.gwkit.gateway.GatewayHooks.NONE);
    private final InnerCommands commands = new InnerCommands(core);
    private final EmbeddedChannel requester = new EmbeddedChannel();
    private final InnerConnection inner = new InnerConnection(requester, true);

    private EmbeddedChannel textClient() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Listener.Protocol.TEXT.initChannel(ch.pipeline(), 1024);
        TestCores.client(core, ch, Listener.Protocol.TEXT);
        return ch;
    }

    private void command(Command cmd, long connectionId, String ext, String body) {
        commands.handle(inner, GatewayFrame.request(cmd, connectionId, GatewayFrame.FLAG_SCALAR,
                ext == null ? null : ext.getBytes(StandardCharsets.UTF_8),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The serialized value of the reply to the last request (after its u32 length), or null if none. */
    private String reply() {
        requester.runPendingTasks();
        ByteBuf out = requester.readOutbound();
        if (out == null) {
            return null;
        }
        try {
            assertEquals(out.readableBytes() - 4, out.readInt());
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    private static String received(EmbeddedChannel client) {
        client.runPendingTasks();
        StringBuilder text = new StringBuilder();
        for (ByteBuf b; (b = client.readOutbound()) != null; b.release()) {
            text.append(b.toString(StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    @Test
    void uidsAndGroupsRouteMessagesAndAnswerQueries() {
        EmbeddedChannel c1 = textClient();
        EmbeddedChannel c2 = textClient();
        command(Command.BIND_UID, 1, "u1", null);
        command(Command.BIND_UID, 2, "u1", null);
        command(Command.JOIN_GROUP, 1, "g1", null);
        command(Command.JOIN_GROUP, 2, "g1", null);
        command(Command.JOIN_GROUP, 2, "g2", null);

        command(Command.SEND_TO_UID, 0, "[\"u1\"]", "to u1");
        command(Command.SEND_TO_GROUP, 0, "{\"group\":[\"g1\",\"g2\"],\"exclude\":{\"1\":1}}", "to groups");
        assertEquals("to u1\n", received(c1));
        assertEquals("to u1\nto groups\nto groups\n", received(c2)); // once per group it is in, as PHP

        command(Command.GET_CLIENT_ID_BY_UID, 0, "u1", null);
        assertEquals("a:2:{i:0;i:1;i:1;i:2;}", reply());
        command(Command.GET_CLIENT_COUNT_BY_GROUP, 0, "g1", null);
        assertEquals("i:2;", reply());
        command(Command.GET_GROUP_ID_LIST, 0, null, null);
        assertEquals("a:2:{i:0;s:2:\"g1\";i:1;s:2:\"g2\";}", reply());

        command(Command.LEAVE_GROUP, 2, "g1", null);
        command(Command.UNGROUP, 0, "g2", null);
        command(Command.UNBIND_UID, 1, null, null);
        command(Command.GET_GROUP_ID_LIST, 0, null, null);
        assertEquals("a:1:{i:0;s:2:\"g1\";}", reply());
        command(Command.GET_CLIENT_ID_BY_UID, 0, "u1", null);
        assertEquals("a:1:{i:0;i:2;}", reply());
        command(Command.SEND_TO_ALL, 0, null, "all");
        assertEquals("all\n", received(c1));
        assertEquals("all\n", received(c2));
    }

    @Test
    void aClosedClientLeavesItsUidAndGroups() {
        EmbeddedChannel c1 = textClient();
        command(Command.BIND_UID, 1, "u1", null);
        command(Command.JOIN_GROUP, 1, "g1", null);
        core.clientClosed(core.clients.get(1L));
        command(Command.GET_CLIENT_ID_BY_UID, 0, "u1", null);
        assertEquals("a:0:{}", reply());
        command(Command.GET_CLIENT_COUNT_BY_GROUP, 0, "g1", null);
        assertEquals("i:0;", reply());
        assertTrue(c1.isOpen()); // the core only forgets it; closing the channel is not its job here
    }

    @Test
    void anUnauthorizedRequestClosesOnlyItsConnection() {
        EmbeddedChannel c1 = textClient();
        EmbeddedChannel stranger = new EmbeddedChannel();
        InnerConnection unauthenticated = new InnerConnection(stranger, false);
        commands.handle(unauthenticated, GatewayFrame.request(Command.SEND_TO_ALL, 0, GatewayFrame.FLAG_SCALAR, null,
                "x".getBytes(StandardCharsets.UTF_8)));
        assertFalse(stranger.isOpen());
        assertEquals(InnerConnection.State.REJECTED, unauthenticated.state());
        assertEquals("", received(c1));
    }

    @Test
    void aMalformedRequestIsDroppedAndTheLinkStays() {
        EmbeddedChannel c1 = textClient();
        command(Command.SEND_TO_UID, 0, "not json", "x");
        assertNull(reply());
        assertTrue(requester.isOpen());
        command(Command.SEND_TO_ALL, 0, null, "still served");
        assertEquals("still served\n", received(c1));
    }

    @Test
    void aMalformedRequestThatWantsAReplyClosesItsConnection() {
        command(Command.BATCH_GET_CLIENT_ID_BY_UID, 0, "not json", null);
        assertNull(reply());
        assertFalse(requester.isOpen()); // no answer, so the requester's next replies cannot be paired wrongly
    }
}
