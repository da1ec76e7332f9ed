package io.gwkit.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("socket")
class GatewayFrameCodecTest {

    /** cmd 1 (ON_CONNECT) from the text gateway of the captures: 127.0.0.1:2900, client 127.0.0.1:40000, conn 1. */
    static final String ON_CONNECT_HEX = "0000001c01" + "7f000001" + "0b54" + "7f000001" + "9c40" + "00000001" + "01"
            + "1f62" + "00000000";

    @Test
    void decodesEveryHeaderField() {
        GatewayFrame f = GatewayFrameCodec.decode(ByteBufUtil.decodeHexDump(ON_CONNECT_HEX), 1 << 20);
        assertEquals(Command.ON_CONNECT, f.command());
        assertEquals(Ipv4.parse("127.0.0.1"), f.localIp());
        assertEquals(2900, f.localPort());
        assertEquals(40000, f.clientPort());
        assertEquals(1, f.connectionId());
        assertEquals(GatewayFrame.FLAG_SCALAR, f.flag());
        assertEquals(8034, f.gatewayPort());
        assertEquals(0, f.extData().length);
        assertEquals(0, f.body().length);
        assertEquals(ON_CONNECT_HEX, ByteBufUtil.hexDump(GatewayFrameCodec.encode(f)));
    }

    @Test
    void unsignedFieldsAtTheirMaximum() {
        GatewayFrame f = new GatewayFrame(255, 0xFFFF_FFFFL, 0xFFFF, 0xFFFF_FFFFL, 0xFFFF, 0xFFFF_FFFFL, 255, 0xFFFF,
                "ext".getBytes(StandardCharsets.UTF_8), "body".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = GatewayFrameCodec.encode(f);
        assertEquals(35, bytes.length);
        assertEquals(f, GatewayFrameCodec.decode(bytes, 35));
        ByteBuf buf = Unpooled.buffer();
        GatewayFrameCodec.encode(f, buf);
        assertArrayEquals(bytes, ByteBufUtil.getBytes(buf));
    }

    @Test
    void outOfRangeFieldsAreRefusedWhenBuilding() {
        assertThrows(IllegalArgumentException.class, () -> new GatewayFrame(256, 0, 0, 0, 0, 0, 0, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new GatewayFrame(1, 0, 0, 0, 0x10000, 0, 0, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new GatewayFrame(1, 0, 0, 0, 0, 0x1_0000_0000L, 0, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new GatewayFrame(1, -1, 0, 0, 0, 0, 0, 0, null, null));
    }

    @Test
    void shortHeader() {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> GatewayFrameCodec.decode(new byte[27], 1000));
        assertTrue(e.getMessage().contains("27") && e.getMessage().contains("28"), e.getMessage());
    }

    @Test
    void packLenBelowHeader() {
        byte[] frame = ByteBufUtil.decodeHexDump(ON_CONNECT_HEX);
        frame[3] = 27;
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> GatewayFrameCodec.decode(frame, 1000));
        assertTrue(e.getMessage().contains("pack_len 27"), e.getMessage());
    }

    @Test
    void packLenAboveLimit() {
        byte[] frame = GatewayFrameCodec.encode(GatewayFrame.request(Command.SEND_TO_ONE, 1, 1, null, new byte[100]));
        FrameTooLongException e = assertThrows(FrameTooLongException.class, () -> GatewayFrameCodec.decode(frame, 127));
        assertTrue(e.getMessage().contains("128") && e.getMessage().contains("127"), e.getMessage());
        assertEquals(128, GatewayFrameCodec.decode(frame, 128).packLength());
    }

    @Test
    void packLenDisagreesWithTheBytes() {
        byte[] frame = GatewayFrameCodec.encode(GatewayFrame.request(Command.SEND_TO_ONE, 1, 1, null, new byte[4]));
        byte[] longer = java.util.Arrays.copyOf(frame, frame.length + 1);
        assertThrows(MalformedFrameException.class, () -> GatewayFrameCodec.decode(longer, 1000));
        frame[3]++;
        assertThrows(MalformedFrameException.class, () -> GatewayFrameCodec.decode(frame, 1000));
    }

    @Test
    void extLenPastTheEnd() {
        byte[] frame = GatewayFrameCodec.encode(GatewayFrame.request(Command.SET_SESSION, 1, 1, new byte[3], new byte[2]));
        frame[27] = 6; // ext_len 6 but only 5 payload bytes
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> GatewayFrameCodec.decode(frame, 1000));
        assertTrue(e.getMessage().contains("ext_len 6") && e.getMessage().contains("5"), e.getMessage());
        frame[24] = (byte) 0xFF; // ext_len 4 GiB - n: no allocation by it
        assertThrows(MalformedFrameException.class, () -> GatewayFrameCodec.decode(frame, 1000));
    }

    @Test
    void requestFrameShape() {
        GatewayFrame f = GatewayFrame.request(Command.BIND_UID, 3, GatewayFrame.FLAG_SCALAR, "42".getBytes(), null);
        assertEquals("0000001e0c" + "00".repeat(12) + "00000003" + "01" + "0000" + "00000002" + "3432",
                ByteBufUtil.hexDump(GatewayFrameCodec.encode(f)));
    }
}
