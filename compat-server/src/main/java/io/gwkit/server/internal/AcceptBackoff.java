package io.gwkit.server.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handler for a server channel's own pipeline: when accepting fails (typically {@code EMFILE}, the process is
 * out of file descriptors) it stops accepting for a while instead of retrying at once, then tries again, the
 * pause doubling from {@value #FIRST_PAUSE_MILLIS} ms up to {@value #MAX_PAUSE_MILLIS} ms while failures last.
 * Connections already open keep being served; connections waiting in the listen backlog are accepted once
 * descriptors are free again. One WARN per {@value #REPORT_INTERVAL_MILLIS} ms at most, with counts, and one
 * INFO when accepting works again.
 *
 * <p>Netty alone would pause 1 s per failure too ({@code ServerBootstrapAcceptor}), but logs a stack trace at
 * every failure and never resumes sooner; the failure is not passed on for that reason. One instance per server
 * channel: its state lives on that channel's event loop.
 */
public final class AcceptBackoff extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptBackoff.class);
    static final long FIRST_PAUSE_MILLIS = 100;
    static final long MAX_PAUSE_MILLIS = 1_000;
    static final long REPORT_INTERVAL_MILLIS = 60_000;

    private final String name;
    private long pauseMillis;
    private boolean paused;
    /** Failures in the current streak (since the last successful accept), and since the last WARN. */
    private long streakFailures;
    private long unreportedFailures;
    private long streakStartNanos;
    private long lastReportNanos;
    private boolean reported;

    private AcceptBackoff(String name) {
        this.name = name;
    }

    /** Installs a back-off on every server channel {@code bootstrap} binds; {@code name} goes into the logs. */
    public static ServerBootstrap install(ServerBootstrap bootstrap, String name) {
        return bootstrap.handler(new AcceptBackoff(name));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object acceptedChannel) {
        if (streakFailures > 0) {
            LOG.info("{}: accepting connections again after {} failed accepts in {} ms", name, streakFailures,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - streakStartNanos));
            streakFailures = 0;
            pauseMillis = 0;
        }
        ctx.fireChannelRead(acceptedChannel);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        long now = System.nanoTime();
        if (streakFailures++ == 0) {
            streakStartNanos = now;
        }
        unreportedFailures++;
        pauseMillis = pauseMillis == 0 ? FIRST_PAUSE_MILLIS : Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
        if (!reported || now - lastReportNanos >= TimeUnit.MILLISECONDS.toNanos(REPORT_INTERVAL_MILLIS)) {
            LOG.warn("{}: cannot accept connections ({}; {} failures since the last report): pausing accepts "
                            + "{} to {} ms at a time until it works again; open connections are still served",
                    name, cause.toString(), unreportedFailures, FIRST_PAUSE_MILLIS, MAX_PAUSE_MILLIS);
            reported = true;
            lastReportNanos = now;
            unreportedFailures = 0;
        }
        if (paused) {
            return;
        }
        paused = true;
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            paused = false;
            if (ctx.channel().isOpen()) {
                ctx.channel().config().setAutoRead(true);
            }
        }, pauseMillis, TimeUnit.MILLISECONDS);
    }
}
