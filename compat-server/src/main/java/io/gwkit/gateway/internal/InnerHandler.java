package io.gwkit.gateway.internal;

import io.gwkit.protocol.GatewayFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Business end of one inner-port connection; runs on the gateway state thread. Framing (and its limits)
 * sits before it in the pipeline.
 */
public final class InnerHandler extends SimpleChannelInboundHandler<GatewayFrame> {

    private static final Logger log = LoggerFactory.getLogger(InnerHandler.class);

    private final GatewayCore core;
    private final InnerCommands commands;
    private InnerConnection inner;

    public InnerHandler(GatewayCore core) {
        this.core = core;
        this.commands = new InnerCommands(core);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        inner = new InnerConnection(ctx.channel(), core.settings.secretKey().isEmpty());
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, GatewayFrame frame) {
        // No isActive() check: a GatewayClient writes its request and closes at once, and the request
        // must still be carried out after the close has been noticed.
        if (inner != null && !inner.rejected) {
            commands.handle(inner, frame);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (inner != null) {
            core.workerClosed(inner);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("inner connection {}: {}, closing", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
