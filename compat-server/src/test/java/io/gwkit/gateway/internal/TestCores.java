package io.gwkit.gateway.internal;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayStats;
import io.gwkit.gateway.Listener;
import io.gwkit.gateway.Router;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A {@link GatewayCore} without sockets, for EmbeddedChannel tests: clients and workers are EmbeddedChannels. */
final class TestCores {

    private TestCores() {
    }

    /** A core with these heartbeat settings and hooks (pingInterval 10 s; the tests call heartbeat() themselves). */
    static GatewayCore core(int pingNotResponseLimit, String pingData, GatewayHooks hooks) {
        Settings settings = new Settings("test", List.of(), "127.0.0.1", 2900, "127.0.0.1", 2900, List.of("r:1"), "",
                Router.LEAST_CONNECTIONS, Duration.ofSeconds(10), pingNotResponseLimit,
                pingData.getBytes(StandardCharsets.UTF_8), 1 << 20, 1 << 20, 1 << 20, Duration.ofSeconds(1),
                Duration.ofSeconds(25), "workerman/4.0.19", Duration.ofSeconds(10), Duration.ofSeconds(10), 1, hooks,
                Duration.ofSeconds(5), Duration.ZERO, true, new Settings.WorkerGap(10_000, 1 << 24, Duration.ofSeconds(10)));
        return new GatewayCore(settings, new GatewayStats(), new EmbeddedChannel().eventLoop());
    }

    /** A worker connected under {@code key}; its channel receives the frames the core sends it. */
    static EmbeddedChannel worker(GatewayCore core, String key) {
        EmbeddedChannel ch = new EmbeddedChannel();
        core.workerConnected(new InnerConnection(ch, true), key);
        // a Java gateway first offers acknowledgements (a cmd 201 ping "gwkit-acks"); tests read the events after it
        ch.runPendingTasks();
        io.netty.buffer.ByteBuf offer = ch.readOutbound();
        try {
            io.gwkit.protocol.GatewayFrame frame = io.gwkit.protocol.GatewayFrameCodec.decode(
                    io.netty.buffer.ByteBufUtil.getBytes(offer), io.gwkit.protocol.GatewayFrameCodec.DEFAULT_MAX_FRAME_LENGTH);
            if (frame.cmd() != io.gwkit.protocol.Command.PING.code()) {
                throw new AssertionError("expected the acknowledgement offer first, got cmd " + frame.cmd());
            }
        } finally {
            offer.release();
        }
        return ch;
    }

    /** A client connected on a listener of {@code protocol}. */
    static ClientConnection client(GatewayCore core, EmbeddedChannel ch, Listener.Protocol protocol) {
        ClientConnection client = new ClientConnection(ch, Listener.of(protocol, "127.0.0.1", 0), 8282, 0x7f000001L,
                40000);
        core.clientConnected(client);
        return client;
    }
}
