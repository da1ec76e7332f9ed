package io.gwkit.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pause schedule on a server channel's pipeline; the real fd exhaustion is in FdLimitTest. */
@Tag("socket")
class AcceptBackoffTest {

    private EmbeddedChannel server;

    @BeforeEach
    void setUp() {
        server = new EmbeddedChannel(AcceptBackoff.install(new ServerBootstrap(), "test").config().handler());
        server.freezeTime();
    }

    @Test
    void pausesDoubleFromTheFirstPauseUpToTheMaximumAndTheFailureStopsHere() {
        long expected = AcceptBackoff.FIRST_PAUSE_MILLIS;
        for (int i = 0; i < 6; i++) {
            failAccept();
            assertFalse(server.config().isAutoRead());
            assertPausedFor(expected);
            expected = Math.min(expected * 2, AcceptBackoff.MAX_PAUSE_MILLIS);
        }
        assertEquals(AcceptBackoff.MAX_PAUSE_MILLIS, expected);
        // not passed on: Netty's acceptor would add its own 1 s pause and the tail would log each failure
        server.checkException();
    }

    @Test
    void aSuccessfulAcceptStartsOverAtTheFirstPause() {
        failAccept();
        assertPausedFor(AcceptBackoff.FIRST_PAUSE_MILLIS);
        failAccept();
        assertPausedFor(2 * AcceptBackoff.FIRST_PAUSE_MILLIS);
        Object accepted = new Object();
        server.writeInbound(accepted);
        assertSame(accepted, server.readInbound());
        failAccept();
        assertPausedFor(AcceptBackoff.FIRST_PAUSE_MILLIS);
        assertNull(server.readInbound());
    }

    private void failAccept() {
        server.pipeline().fireExceptionCaught(new IOException("Too many open files"));
    }

    private void assertPausedFor(long millis) {
        server.advanceTimeBy(millis - 1, TimeUnit.MILLISECONDS);
        server.runScheduledPendingTasks();
        assertFalse(server.config().isAutoRead(), "resumed before " + millis + " ms");
        server.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        server.runScheduledPendingTasks();
        assertTrue(server.config().isAutoRead(), "still paused after " + millis + " ms");
    }
}
