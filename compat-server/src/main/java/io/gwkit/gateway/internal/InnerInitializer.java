package io.gwkit.gateway.internal;

import io.gwkit.protocol.GatewayFrameDecoder;
import io.gwkit.server.internal.AuthGuard;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;

/**
 * Pipeline of an inner-port connection: frame splitting with the size limit (a small one until a peer has
 * authenticated when there is a secret), the bound on frames waiting for the handler, then the handler. Inner connections are registered on the gateway's state event loop, so
 * the whole pipeline runs there (the backlog then never fills: each frame is handled as it is read).
 */
public final class InnerInitializer extends ChannelInitializer<SocketChannel> {

    /**
     * Longest frame before authentication when there is a secret (8 KiB): cmd 200/202 carry a short JSON object;
     * after it the full {@code maxInnerFrameLength} applies.
     */
    public static final int PRE_AUTH_MAX_FRAME_LENGTH = 8 * 1024;

    private final GatewayCore core;
    private final ChannelGroup all;
    private final AuthGuard guard;

    public InnerInitializer(GatewayCore core, ChannelGroup all) {
        this.core = core;
        this.all = all;
        this.guard = new AuthGuard("gateway " + core.settings.name() + "'s inner port");
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        all.add(ch);
        int maxFrame = core.settings.maxInnerFrameLength();
        // at least two whole frames may wait, so a peer at the frame limit is not paused after every frame
        ReadGate gate = new ReadGate(ch);
        InnerBacklog backlog = new InnerBacklog(Math.max(2L * maxFrame, 256L * 1024), gate);
        ch.pipeline()
                .addLast("frames", new GatewayFrameDecoder(core.settings.secretKey().isEmpty() ? maxFrame
                        : Math.min(maxFrame, PRE_AUTH_MAX_FRAME_LENGTH)))
                .addLast("backlog", backlog)
                .addLast("inner", new InnerHandler(core, backlog, gate, guard));
    }
}
