package io.gwkit.gateway.internal;

import io.netty.channel.Channel;

/**
 * The one owner of an inner connection's {@code autoRead}: reading stops while anyone holds the gate (its own
 * backlog, or a slow client it writes to) and resumes when the last hold is released. Only used on the
 * channel's event loop (inner connections live on the gateway's state loop).
 */
final class ReadGate {

    private final Channel channel;
    private int holds;

    ReadGate(Channel channel) {
        this.channel = channel;
    }

    void hold() {
        if (holds++ == 0) {
            channel.config().setAutoRead(false);
        }
    }

    void release() {
        if (holds > 0 && --holds == 0) {
            channel.config().setAutoRead(true);
        }
    }

    boolean held() {
        return holds > 0;
    }
}
