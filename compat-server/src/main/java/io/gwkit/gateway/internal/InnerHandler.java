package io.gwkit.gateway.internal;

import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameDecoder;
import io.gwkit.server.internal.AuthGuard;
import io.gwkit.protocol.ProtocolException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
    private final InnerBacklog backlog;
    private final ReadGate gate;
    private final AuthGuard guard;
    private InnerConnection inner;
    private ScheduledFuture<?> authTimer;
    private boolean failed;

    InnerHandler(GatewayCore core, InnerBacklog backlog, ReadGate gate, AuthGuard guard) {
        this.core = core;
        this.commands = new InnerCommands(core);
        this.backlog = backlog;
        this.gate = gate;
        this.guard = guard;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!guard.admit(ctx.channel())) {
            ctx.close();
            return;
        }
        inner = new InnerConnection(ctx.channel(), gate, core.settings.secretKey().isEmpty());
        long timeout = core.settings.innerAuthTimeout().toNanos();
        // PHP keeps a silent or never-authenticating inner connection forever; we give it this long to send
        // its first whole, accepted frame (cmd 200/202 when there is a secret). Established connections
        // (workers, the SDK's pooled links) may then idle as long as they like.
        authTimer = ctx.executor().schedule(() -> {
            if (inner.state() != InnerConnection.State.ESTABLISHED && !inner.rejected()) {
                log.warn("{}: no {} within {} ms, closing", inner,
                        core.settings.secretKey().isEmpty() ? "complete frame" : "authentication",
                        TimeUnit.NANOSECONDS.toMillis(timeout));
                inner.reject();
            }
        }, timeout, TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, GatewayFrame frame) {
        // No isActive() check: a GatewayClient writes its request and closes at once, and the request
        // must still be carried out after the close has been noticed.
        try {
            if (inner != null && !inner.rejected()) {
                core.sender = inner;
                commands.handle(inner, frame);
                if (inner.state() == InnerConnection.State.AUTH_FAILED) {
                    guard.failed(ctx.channel());
                } else if (inner.state() == InnerConnection.State.AUTHORIZED) {
                    established(ctx);
                }
            }
        } finally {
            core.sender = null;
            backlog.handled(ctx.channel(), frame);
        }
    }

    /** Authenticated (or, without a secret, sent a whole frame): no deadline any more, the full frame limit. */
    private void established(ChannelHandlerContext ctx) {
        inner.establish();
        authTimer.cancel(false);
        guard.authenticated(ctx.channel());
        if (!core.settings.secretKey().isEmpty()) {
            // replace() hands the bytes the small decoder still holds to the new one
            ctx.pipeline().replace("frames", "frames", new GatewayFrameDecoder(core.settings.maxInnerFrameLength()));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (inner != null) {
            authTimer.cancel(false);
            core.workerClosed(inner);
            core.workerAcks.closed(inner);
            inner.reportClosed(log);
        }
        ctx.fireChannelInactive();
    }

    /** Framing errors (typed, from the decoder) and I/O errors: one line per connection, then close. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!failed) {
            failed = true;
            Object who = inner != null ? inner : ctx.channel().remoteAddress();
            if (cause instanceof ProtocolException) {
                log.warn("{}: {}, closing", who, cause.toString());
            } else if (cause instanceof IOException) {
                log.info("{}: {}, closing", who, cause.toString());
            } else {
                log.warn("{}: unexpected error, closing", who, cause);
            }
        }
        ctx.close();
    }
}
