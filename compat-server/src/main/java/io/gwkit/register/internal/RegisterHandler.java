package io.gwkit.register.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.protocol.ProtocolException;
import io.gwkit.server.internal.AuthGuard;
import io.gwkit.server.internal.LogText;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One register connection: gateway, worker, GatewayClient lookup, or a stranger. Decides by the first
 * line's {@code event}; follows PHP's Register for what is closed and what is answered.
 */
public final class RegisterHandler extends SimpleChannelInboundHandler<String> {

    private static final Logger log = LoggerFactory.getLogger(RegisterHandler.class);
    private static final String HELP = "See http://doc2.workerman.net/register-auth-timeout.html";

    private final RegisterState state;
    private final Duration authTimeout;
    private final AuthGuard guard;
    private ScheduledFuture<?> authTimer;
    private boolean closing;

    public RegisterHandler(RegisterState state, Duration authTimeout, AuthGuard guard) {
        this.state = state;
        this.authTimeout = authTimeout;
        this.guard = guard;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!guard.admit(ctx.channel())) {
            closeNow(ctx);
            return;
        }
        authTimer = ctx.executor().schedule(() -> {
            log.warn("Register auth timeout ({}). {}", remoteAddress(ctx), HELP);
            ctx.close();
        }, authTimeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelAuthTimer();
        state.remove(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String line) {
        if (closing) {
            return; // as PHP: once a connection is being closed, lines still buffered from it are not read
        }
        // PHP stops the auth timer on the first line of any kind; we only on a successful connect, so a peer
        // that only pings without authenticating is still closed when the timer runs out.
        Object decoded;
        try {
            decoded = PhpJson.decode(line);
        } catch (RuntimeException e) {
            decoded = null;
        }
        Object event = decoded instanceof PhpArray ? ((PhpArray) decoded).get("event") : null;
        if (isEmpty(event)) {
            String error = "Bad request for Register service. Request info(IP:" + remoteIp(ctx) + ", Request Buffer:"
                    + line + "). " + HELP;
            log.warn("Bad request for Register service from {}: {}", remoteAddress(ctx), LogText.excerpt(line));
            closing = true;
            ctx.writeAndFlush(Unpooled.copiedBuffer(error + "\n", StandardCharsets.UTF_8))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        PhpArray data = (PhpArray) decoded;
        Object secret = data.get("secret_key");
        String eventName = event instanceof String ? (String) event : "";
        switch (eventName) {
            case "gateway_connect": {
                Object address = data.get("address");
                if (isEmpty(address)) {
                    log.warn("Register: address not found in gateway_connect from {}", remoteAddress(ctx));
                    closeNow(ctx);
                    return;
                }
                if (!keyMatches(ctx, secret)) {
                    return;
                }
                if (!(address instanceof String)) {
                    log.warn("Register: gateway_connect address is not a string, from {}: {}", remoteAddress(ctx),
                            LogText.excerpt(line));
                    closeNow(ctx);
                    return;
                }
                if (!state.addGateway(ctx.channel(), (String) address)) {
                    closeNow(ctx);
                }
                return;
            }
            case "worker_connect":
                if (keyMatches(ctx, secret) && !state.addWorker(ctx.channel())) {
                    closeNow(ctx);
                }
                return;
            case "ping":
                return;
            default:
                log.warn("Register unknown event:{} IP: {} Buffer:{}. {}", LogText.excerpt(String.valueOf(event)),
                        remoteAddress(ctx), LogText.excerpt(line), HELP);
                closeNow(ctx);
        }
    }

    private boolean keyMatches(ChannelHandlerContext ctx, Object secret) {
        // neither the secret nor the wrong one is logged
        if (!AuthGuard.secretMatches(state.secretKey(), secret == null ? "" : secret)) {
            log.warn("Register: key does not match (from {}), closing", remoteAddress(ctx));
            guard.failed(ctx.channel());
            closeNow(ctx);
            return false;
        }
        cancelAuthTimer();
        guard.authenticated(ctx.channel());
        return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException) {
            log.warn("Register: bad input from {}, closing: {}", remoteAddress(ctx), cause.toString());
        } else if (cause instanceof java.io.IOException) {
            log.info("Register: connection from {} failed: {}", remoteAddress(ctx), cause.toString());
        } else {
            log.warn("Register: error on connection from {}, closing", remoteAddress(ctx), cause);
        }
        ctx.close();
    }

    private void closeNow(ChannelHandlerContext ctx) {
        closing = true;
        ctx.close();
    }

    private void cancelAuthTimer() {
        if (authTimer != null) {
            authTimer.cancel(false);
            authTimer = null;
        }
    }

    /** PHP empty(): null, "", "0", false, 0, 0.0 and empty arrays are empty. */
    private static boolean isEmpty(Object v) {
        if (v == null) {
            return true;
        }
        if (v instanceof String) {
            return ((String) v).isEmpty() || v.equals("0");
        }
        if (v instanceof Boolean) {
            return !((Boolean) v);
        }
        if (v instanceof Long) {
            return (Long) v == 0;
        }
        if (v instanceof Double) {
            return (Double) v == 0.0;
        }
        if (v instanceof PhpArray) {
            return ((PhpArray) v).isEmpty();
        }
        return false;
    }

    private static String remoteAddress(ChannelHandlerContext ctx) {
        return String.valueOf(ctx.channel().remoteAddress());
    }

    private static String remoteIp(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress
                ? ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress()
                : String.valueOf(ctx.channel().remoteAddress());
    }
}
