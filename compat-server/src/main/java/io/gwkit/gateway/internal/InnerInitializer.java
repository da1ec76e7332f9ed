package io.gwkit.gateway.internal;

import io.gwkit.protocol.GatewayFrameDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * Pipeline of an inner-port connection: frame splitting with the size limit, the bound on frames waiting
 * for the state thread, then the state-thread handler.
 */
public final class InnerInitializer extends ChannelInitializer<SocketChannel> {

    private final GatewayCore core;
    private final EventExecutorGroup state;
    private final ChannelGroup all;

    public InnerInitializer(GatewayCore core, EventExecutorGroup state, ChannelGroup all) {
        this.core = core;
        this.state = state;
        this.all = all;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        all.add(ch);
        int maxFrame = core.settings.maxInnerFrameLength();
        // at least two whole frames may wait, so a peer at the frame limit is not paused after every frame
        InnerBacklog backlog = new InnerBacklog(Math.max(2L * maxFrame, 256L * 1024));
        ch.pipeline()
                .addLast("frames", new GatewayFrameDecoder(maxFrame))
                .addLast("backlog", backlog)
                .addLast(state, "inner", new InnerHandler(core, backlog));
    }
}
