package io.gwkit.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A custom {@link ClientProtocol} (a length-prefixed binary device protocol) on a real gateway. */
@Tag("socket")
class ClientProtocolTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRegisteredSchemeFramesMessagesBothWaysAndRawSendsPassAsTheyAre() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.protocol(new DeviceProtocol())
                .listen("device://127.0.0.1:0"));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             LinePeer device = new LinePeer(fx.gateway.listenerAddresses().get(4))) {
            long id = worker.readEvent().connectionId();
            device.sendRaw(DeviceProtocol.frame(utf8("abc")));
            byte[] two = DeviceProtocol.frame((byte) 0, (byte) 0xff);
            byte[] split = DeviceProtocol.frame(utf8("split"));
            device.sendRaw(concat(two, java.util.Arrays.copyOf(split, 3)));
            device.sendRaw(java.util.Arrays.copyOfRange(split, 3, split.length));
            assertEquals("abc", new String(worker.readEvent().body(), StandardCharsets.UTF_8));
            assertArrayEquals(new byte[] {0, (byte) 0xff}, worker.readEvent().body());
            assertEquals("split", new String(worker.readEvent().body(), StandardCharsets.UTF_8));

            worker.send(InnerPeer.request(Command.SEND_TO_ONE, id, "", "xyz"));
            assertArrayEquals(DeviceProtocol.frame(utf8("xyz")), device.readExactly(5));
            worker.send(GatewayFrame.request(Command.SEND_TO_ONE, id, GatewayFrame.FLAG_SCALAR | GatewayFrame.FLAG_RAW,
                    null, new byte[] {9, 8, 7}));
            assertArrayEquals(new byte[] {9, 8, 7}, device.readExactly(3));
        }
    }

    @Test
    void anOversizedMessageOrAThrowingFramerClosesThatConnectionOnly() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.protocol(new DeviceProtocol())
                .listen(Listener.parse("device://127.0.0.1:0", java.util.List.of(new DeviceProtocol()))
                        .withMaxPackageSize(8)));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             LinePeer good = new LinePeer(fx.gateway.listenerAddresses().get(4))) {
            long goodId = worker.readEvent().connectionId();
            try (LinePeer big = new LinePeer(fx.gateway.listenerAddresses().get(4))) {
                worker.readEvent();
                big.sendRaw(DeviceProtocol.frame(new byte[9]));
                assertTrue(big.closedByPeer());
            }
            assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());
            try (LinePeer buggy = new LinePeer(fx.gateway.listenerAddresses().get(4))) {
                worker.readEvent();
                buggy.sendRaw(DeviceProtocol.frame((byte) 0xEE));
                assertTrue(buggy.closedByPeer());
            }
            assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());
            good.sendRaw(DeviceProtocol.frame(utf8("alive")));
            GatewayFrame message = worker.readEvent();
            assertEquals(goodId, message.connectionId());
            assertEquals("alive", new String(message.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void schemesAreCheckedAndListed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Listener.parse("device://h:1"));
        assertTrue(unknown.getMessage().contains("unknown listener protocol"), unknown.getMessage());
        IllegalArgumentException listed = assertThrows(IllegalArgumentException.class,
                () -> Listener.parse("gadget://h:1", java.util.List.of(new DeviceProtocol())));
        assertTrue(listed.getMessage().endsWith("; device)"), listed.getMessage());
        assertEquals("device+tls://h:1", Listener.parse("device+tls://h:1", java.util.List.of(new DeviceProtocol()))
                .toString());
        ClientProtocol textAgain = new ClientProtocol() {
            @Override
            public String scheme() {
                return "text";
            }

            @Override
            public void initChannel(io.netty.channel.ChannelPipeline pipeline, int maxPackageSize) {
            }
        };
        assertThrows(IllegalArgumentException.class, () -> GatewayServer.builder().protocol(textAgain));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
