package io.gwkit.gateway.internal;

import io.gwkit.protocol.GatewayFrameDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;

/**
 * Pipeline of an inner-port connection: frame splitting with the size limit, then the handler. Inner
 * connections are registered on the gateway's state event loop, so the whole pipeline runs there.
 */
public final class InnerInitializer extends ChannelInitializer<SocketChannel> {

    private final GatewayCore core;
    private final ChannelGroup all;

    public InnerInitializer(GatewayCore core, ChannelGroup all) {
        this.core = core;
        this.all = all;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        all.add(ch);
        ch.pipeline()
                .addLast("frames", new GatewayFrameDecoder(core.settings.maxInnerFrameLength()))
                .addLast("inner", new InnerHandler(core));
    }
}
