package io.gwkit.conformance.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.conformance.FrameKind;
import io.gwkit.conformance.Hex;
import io.gwkit.conformance.wire.FrameSplitter.Framing;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSplitterTest {

    /** Feeds the bytes one at a time: TCP may deliver any split. */
    private static List<FrameSplitter.Frame> byteByByte(FrameSplitter s, byte[] stream) {
        List<FrameSplitter.Frame> out = new ArrayList<>();
        for (byte b : stream) {
            out.addAll(s.feed(new byte[] {b}));
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    static byte[] gatewayFrame(int cmd, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(28 + body.length);
        b.putInt(28 + body.length).put((byte) cmd).put(new byte[16]).put((byte) 1).putShort((short) 0).putInt(0).put(body);
        return b.array();
    }

    @Test
    void linesKeepTheirNewlineAndTheTailIsIncomplete() {
        FrameSplitter s = new FrameSplitter(Framing.LINES);
        List<FrameSplitter.Frame> f = byteByByte(s, "a\r\n\nbc\ntail".getBytes(StandardCharsets.UTF_8));
        assertEquals(3, f.size());
        assertArrayEquals("a\r\n".getBytes(StandardCharsets.UTF_8), f.get(0).bytes());
        assertArrayEquals("\n".getBytes(StandardCharsets.UTF_8), f.get(1).bytes());
        assertEquals(FrameKind.LINE, f.get(2).kind());
        FrameSplitter.Frame tail = s.finish();
        assertTrue(tail.incomplete());
        assertArrayEquals("tail".getBytes(StandardCharsets.UTF_8), tail.bytes());
        assertNull(s.finish());
    }

    @Test
    void gatewayFramesOfOneMebibyteSplitAnywhere() {
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        byte[] a = gatewayFrame(200, "{}".getBytes(StandardCharsets.UTF_8));
        byte[] b = gatewayFrame(3, big);
        FrameSplitter s = new FrameSplitter(Framing.GATEWAY_FRAMES);
        byte[] stream = concat(a, b);
        List<FrameSplitter.Frame> out = new ArrayList<>();
        for (int pos = 0; pos < stream.length; ) {
            int n = (int) Math.min(stream.length - pos, 1 + (pos * 7919L) % 70_000);
            out.addAll(s.feed(stream, pos, n));
            pos += n;
        }
        assertEquals(2, out.size());
        assertArrayEquals(a, out.get(0).bytes());
        assertArrayEquals(b, out.get(1).bytes());
        assertNull(s.finish());
    }

    @Test
    void repliesCountTheirLengthPrefixOut() {
        FrameSplitter s = new FrameSplitter(Framing.REPLIES);
        List<FrameSplitter.Frame> f = byteByByte(s, Hex.decode("00000004 693a313b 00000002 4e3b"));
        assertEquals(2, f.size());
        assertEquals("00000004693a313b", Hex.encode(f.get(0).bytes()));
        assertEquals(FrameKind.REPLY, f.get(1).kind());
    }

    @Test
    void websocketHandshakeThenFramesOfEveryLengthForm() {
        byte[] head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] small = Hex.decode("888037fa213d");
        byte[] medium = concat(Hex.decode("817e0100"), new byte[256]);
        byte[] large = concat(Hex.decode("817f0000000000010000"), new byte[65536]);
        FrameSplitter s = new FrameSplitter(Framing.WEBSOCKET);
        List<FrameSplitter.Frame> f = new ArrayList<>(byteByByte(s, concat(head, small, medium)));
        f.addAll(s.feed(large));
        assertEquals(4, f.size());
        assertEquals(FrameKind.HTTP, f.get(0).kind());
        assertArrayEquals(head, f.get(0).bytes());
        assertArrayEquals(small, f.get(1).bytes());
        assertArrayEquals(medium, f.get(2).bytes());
        assertArrayEquals(large, f.get(3).bytes());
        assertEquals(FrameKind.WS, f.get(3).kind());
    }

    @Test
    void aLyingPackLenTurnsTheRestRawInsteadOfFailing() {
        FrameSplitter s = new FrameSplitter(Framing.GATEWAY_FRAMES);
        List<FrameSplitter.Frame> f = s.feed(Hex.decode("00000005 0102030405"));
        assertEquals(1, f.size());
        assertEquals(FrameKind.RAW, f.get(0).kind());
        assertEquals(FrameKind.RAW, s.feed(new byte[] {9}).get(0).kind());
    }
}
