package io.gwkit.gateway.internal;

import io.gwkit.protocol.GatewayFrame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds what one inner connection can queue for the state thread. Frames are decoded on the I/O thread and
 * handed to the single state thread; a peer that streams frames faster than the state thread handles them
 * (fan-outs are slow) would otherwise grow that hand-off queue without limit. Above {@code highWater}
 * decoded-but-unhandled bytes, reading from that peer stops (TCP pushes back on it alone) until half are
 * handled. Sits on the I/O thread right before {@link InnerHandler}; one instance per channel.
 */
final class InnerBacklog extends ChannelInboundHandlerAdapter {

    /** Per frame, beyond its bytes: the Java objects of a decoded frame. */
    private static final long FRAME_OVERHEAD = 128;

    private final long highWater;
    private final ReadGate gate;
    private final AtomicLong pending = new AtomicLong();
    /** Only read and written on the channel's event loop. */
    private boolean paused;

    InnerBacklog(long highWater, ReadGate gate) {
        this.highWater = highWater;
        this.gate = gate;
    }

    static long cost(GatewayFrame frame) {
        return frame.packLength() + FRAME_OVERHEAD;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof GatewayFrame) {
            if (pending.addAndGet(cost((GatewayFrame) msg)) >= highWater && !paused) {
                paused = true;
                gate.hold();
            }
        }
        ctx.fireChannelRead(msg);
        if (paused) {
            resumeIfDrained(ctx.channel()); // the state thread may have caught up before the pause was recorded
        }
    }

    /** Called by {@link InnerHandler} (state thread) once a frame is handled. */
    void handled(Channel channel, GatewayFrame frame) {
        long left = pending.addAndGet(-cost(frame));
        if (left <= highWater / 2 && left + cost(frame) > highWater / 2) {
            channel.eventLoop().execute(() -> resumeIfDrained(channel));
        }
    }

    private void resumeIfDrained(Channel channel) {
        if (paused && pending.get() <= highWater / 2) {
            paused = false;
            gate.release();
        }
    }
}
