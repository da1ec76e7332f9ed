package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.Listener;
import io.gwkit.gateway.RecordingHooks;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every state-thread hook on a {@link GatewayCore} whose clients and workers are EmbeddedChannels: connect/close,
 * worker connect/close, the router, ping/pong (through the websocket frame handler and {@link ClientHandler}), the
 * frame type, and a throwing hook counted and otherwise ignored.
 */
@Tag("socket")
class LifecycleHooksPipelineTest {

    private final RecordingHooks recording = new RecordingHooks();
    private final List<String> calls = recording.calls;

    private static GatewayFrame frame(EmbeddedChannel worker) {
        worker.runPendingTasks();
        ByteBuf out = worker.readOutbound();
        if (out == null) {
            return null;
        }
        try {
            return GatewayFrameCodec.decode(ByteBufUtil.getBytes(out), GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH);
        } finally {
            out.release();
        }
    }

    @Test
    void connectCloseWorkersAndTheRouterRunInEventOrder() {
        GatewayCore core = TestCores.core(0, "", recording);
        EmbeddedChannel w1 = TestCores.worker(core, "w1");
        EmbeddedChannel w2 = TestCores.worker(core, "w2");
        recording.routeTo = "w2";
        ClientConnection c1 = TestCores.client(core, new EmbeddedChannel(), Listener.Protocol.TEXT);
        assertEquals("7f0000010b5400000001", c1.clientId());
        assertEquals(Command.ON_CONNECT.code(), frame(w2).cmd());
        recording.routeTo = "nobody"; // not a worker: the least-connections router decides (w1 has none)
        TestCores.client(core, new EmbeddedChannel(), Listener.Protocol.TEXT);
        assertEquals(Command.ON_CONNECT.code(), frame(w1).cmd());
        core.clientClosed(c1);
        core.workerClosed(core.workers.get("w2"));
        assertEquals(List.of("worker w1", "worker w2", "connect 1 TEXT -", "route 1 among [w1, w2]", "connect 2 TEXT -",
                "route 2 among [w1, w2]", "close 1", "worker gone w2"), calls);
        assertEquals(1, core.stats.hookFailures());
    }

    @Test
    void aThrowingRouterFallsBackAndIsCounted() {
        GatewayCore core = TestCores.core(0, "", recording);
        EmbeddedChannel w1 = TestCores.worker(core, "w1");
        recording.routeTo = "boom";
        EmbeddedChannel ch = new EmbeddedChannel();
        TestCores.client(core, ch, Listener.Protocol.TEXT);
        assertEquals(Command.ON_CONNECT.code(), frame(w1).cmd());
        assertTrue(ch.isOpen());
        assertEquals(1, core.stats.hookFailures());
    }

    @Test
    void pingsAndPongsReachTheHooksThroughTheClientPipeline() {
        GatewayCore core = TestCores.core(0, "", recording);
        TestCores.worker(core, "w1");
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFrameHandler(),
                new ClientHandler(core, Listener.of(Listener.Protocol.WEBSOCKET, "127.0.0.1", 0)));
        ch.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("p", StandardCharsets.UTF_8)));
        ch.writeInbound(new PongWebSocketFrame(Unpooled.copiedBuffer("q", StandardCharsets.UTF_8)));
        assertTrue(calls.contains("ping p"), calls.toString());
        assertTrue(calls.contains("pong q"), calls.toString());
        ByteBuf pong = ch.readOutbound();
        assertEquals("8a0170", ByteBufUtil.hexDump(pong));
        pong.release();
    }

    @Test
    void theFrameTypeChosenInOnConnectMakesPlainSendsBinary() {
        GatewayCore core = TestCores.core(0, "", new GatewayHooks() {
            @Override
            public void onConnect(Client client) {
                client.frameType(FrameType.BINARY);
            }
        });
        TestCores.worker(core, "w1");
        EmbeddedChannel ch = new EmbeddedChannel();
        ClientConnection client = TestCores.client(core, ch, Listener.Protocol.TCP);
        core.send(client, new byte[] {1}, 0);
        core.send(client, new byte[] {2}, GatewayFrame.FLAG_RAW);
        ch.runPendingTasks();
        OutboundMessage first = ch.readOutbound();
        OutboundMessage raw = ch.readOutbound();
        assertTrue(first.binary());
        assertFalse(first.raw());
        assertTrue(raw.raw());
    }
}
