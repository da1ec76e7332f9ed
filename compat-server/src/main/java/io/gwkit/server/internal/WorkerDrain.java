package io.gwkit.server.internal;

import io.gwkit.protocol.GatewayFrame;

/**
 * A gwkit extension of the inner protocol that lets a Java worker stop without losing events in flight
 * (docs/ROBUSTNESS.md, "A worker is killed"). A stopping worker sends this frame to each gateway and keeps
 * reading; a gwkit gateway stops routing events to it and answers with the same frame, after every event it
 * had already written to it, so once the answer is read the worker has every event meant for it. A PHP gateway
 * logs "gateway inner pack err cmd=250" and does not answer; the worker then stops after a short wait, as
 * before. Code 250 is unused by GatewayWorker (its commands are 1–28 and 200–205).
 */
public final class WorkerDrain {

    /** The frame's cmd byte. */
    public static final int CMD = 250;

    private WorkerDrain() {
    }

    /** The frame, both ways: no client, no body. */
    public static GatewayFrame frame() {
        return new GatewayFrame(CMD, 0, 0, 0, 0, 0, GatewayFrame.FLAG_SCALAR, 0, new byte[0], new byte[0]);
    }
}
