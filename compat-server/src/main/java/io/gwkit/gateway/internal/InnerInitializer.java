package io.gwkit.gateway.internal;

import io.gwkit.protocol.GatewayFrameDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutorGroup;

/** Pipeline of an inner-port connection: frame splitting with the size limit, then the state-thread handler. */
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
        ch.pipeline()
                .addLast("frames", new GatewayFrameDecoder(core.settings.maxInnerFrameLength()))
                .addLast(state, "inner", new InnerHandler(core));
    }
}
