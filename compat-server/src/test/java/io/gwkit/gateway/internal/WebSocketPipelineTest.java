package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.testing.WsPeer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The websocket listener's I/O-thread handlers in an EmbeddedChannel (the sink stands in for ClientHandler). */
class WebSocketPipelineTest {

    private static final int LIMIT = 1024;

    private final WebSocketFuzzTest.Sink sink = new WebSocketFuzzTest.Sink(LIMIT);
    private final EmbeddedChannel ch = new EmbeddedChannel();

    WebSocketPipelineTest() {
        ClientInitializers.WebSocket.framing(ch.pipeline(), LIMIT, "workerman/4.0.19", Duration.ofSeconds(10));
        ch.pipeline().addLast(sink);
    }

    private void upgrade() {
        ch.writeInbound(Unpooled.wrappedBuffer(WebSocketFuzzTest.UPGRADE));
        assertTrue(sink.events.get(0).startsWith("upgrade "));
    }

    private void in(int firstByte, byte[] payload) {
        ch.writeInbound(Unpooled.wrappedBuffer(WsPeer.frame(firstByte, payload, true)));
    }

    private byte[] outbound() {
        ByteBuf out = Unpooled.buffer();
        for (Object m = ch.readOutbound(); m != null; m = ch.readOutbound()) {
            out.writeBytes((ByteBuf) m);
            ((ByteBuf) m).release();
        }
        return ByteBufUtil.getBytes(out);
    }

    private static String message(String text) {
        return "message " + ByteBufUtil.hexDump(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anUpgradeRequestThatNeverCompletesIsClosedAtTheHandshakeTimeout() {
        ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n", StandardCharsets.US_ASCII));
        ch.advanceTimeBy(9, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
        assertTrue(sink.events.isEmpty());
    }

    @Test
    void theTimeoutEndsWithTheUpgrade() {
        upgrade();
        ch.advanceTimeBy(60, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        in(0x81, "after".getBytes(StandardCharsets.UTF_8));
        assertEquals(message("after"), sink.events.get(1));
    }

    @Test
    void fragmentsAreReassembledUpToTheLimitThenRefused() {
        upgrade();
        byte[] half = new byte[LIMIT / 2];
        Arrays.fill(half, (byte) 'h');
        in(0x01, half);
        in(0x80, half);
        byte[] whole = new byte[LIMIT];
        Arrays.fill(whole, (byte) 'h');
        assertEquals("message " + ByteBufUtil.hexDump(whole), sink.events.get(1));
        in(0x01, half);
        in(0x00, half);
        in(0x80, new byte[1]);
        assertEquals(TooLongFrameException.class.getName(), sink.failure);
        assertEquals(2, sink.events.size());
        assertFalse(ch.isOpen());
    }

    @Test
    void aDeclaredLengthOfTwoToThe62IsRefusedFromTheHeader() {
        upgrade();
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x82, (byte) 0xff, 0x40, 0, 0, 0, 0, 0, 0, 0}));
        } catch (CorruptedWebSocketFrameException e) {
            sink.failed(e);             // see WebSocketFuzzTest#feed: an EmbeddedChannel quirk
        }
        assertEquals(CorruptedWebSocketFrameException.class.getName(), sink.failure);
        assertFalse(ch.isOpen());
    }

    @Test
    void pingsAreAnsweredWithTheirPayloadCloseWithWorkermansFrame() {
        upgrade();
        outbound();
        in(0x89, "abc".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {(byte) 0x8a, 3, 'a', 'b', 'c'}, outbound());
        in(0x8a, "ignored".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new byte[0], outbound());
        in(0x88, new byte[] {0x03, (byte) 0xe8});
        assertArrayEquals(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xe8}, outbound());
        assertFalse(ch.isOpen());
        assertEquals(1, sink.events.size());                       // control frames never reach the worker
    }

    @Test
    void pongsAreDroppedWhileTheClientDoesNotRead() {
        upgrade();
        outbound();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        ch.write(Unpooled.wrappedBuffer(new byte[32]));            // queued, not flushed: unwritable
        assertFalse(ch.isWritable());
        in(0x89, "flood".getBytes(StandardCharsets.UTF_8));
        ch.flush();
        assertArrayEquals(new byte[32], outbound());              // no pong behind the stuck bytes
        assertTrue(ch.isWritable());
        in(0x89, "again".getBytes(StandardCharsets.UTF_8));
        assertEquals(0x8a, outbound()[0] & 0xFF);                   // answered again once writable
        assertTrue(ch.isOpen());
    }

    /**
     * Fuzz finding {@code crash-6a702a62e85f3f5a0f03b4b8600a83f1af0cdf63}: a request without a key is answered
     * with the 200 page and closed, but a second request that came in the same read was still decoded and
     * upgraded (the worker would have seen ON_WEBSOCKET_CONNECT for a client being closed).
     */
    @Test
    void aRequestAfterARefusedOneInTheSameReadIsIgnored() {
        ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n\r\n"
                + "GET / HTTP/1.1\r\nSec-WebSocket-Key: k\r\n\r\n", StandardCharsets.US_ASCII));
        assertTrue(new String(outbound(), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200 Websocket\r\n"));
        assertFalse(ch.isOpen());
        assertTrue(sink.events.isEmpty(), sink.events.toString());
    }

    @Test
    void theEmptyEndOfTheUpgradeRequestAndLeftoverBytesAreHandled() {
        byte[] request = WebSocketFuzzTest.UPGRADE;
        byte[] frame = WsPeer.frame(0x81, "same packet".getBytes(StandardCharsets.UTF_8), true);
        byte[] both = Arrays.copyOf(request, request.length + frame.length);
        System.arraycopy(frame, 0, both, request.length, frame.length);
        ch.writeInbound(Unpooled.wrappedBuffer(both));
        assertEquals(2, sink.events.size());
        assertEquals(message("same packet"), sink.events.get(1));
        assertNull(sink.unexpected);
        assertNull(sink.failure);
    }
}
