package io.gwkit.server.internal;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A gwkit extension of the inner protocol: a Java worker acknowledges the events it has handled, so a Java gateway
 * knows, when the worker's connection dies, which clients may have lost an event and closes them instead of losing
 * it silently (docs/ROBUSTNESS.md, "A worker is killed"; docs/PROTOCOL.md, cmd 251).
 *
 * <p>Negotiation, so PHP peers get nothing they do not know: right after a worker's cmd 200 a gwkit gateway sends
 * an {@link #offer()}, a cmd 201 PING whose body is {@code gwkit-acks} (a PHP worker returns on any PING before
 * reading it). A gwkit worker answers with {@link #ack(long) ack(0)} and from then on sends, on that connection,
 * the number of events (cmds 1, 3, 4, 205) it has received there whose handlers have all finished, in arrival
 * order (cumulative, once per read batch, after the replies of those events, and once more before it closes). A PHP gateway
 * never offers, so it never sees cmd 251; a PHP worker never answers, so the gateway keeps today's behaviour.
 */
public final class WorkerAcks {

    /** The acknowledgement's cmd byte (unused by GatewayWorker, whose commands are 1–28 and 200–205). */
    public static final int CMD = 251;
    private static final byte[] OFFER = "gwkit-acks".getBytes(StandardCharsets.US_ASCII);

    private WorkerAcks() {
    }

    /** Gateway to worker, once after cmd 200 and before any event: a PING carrying the offer. */
    public static GatewayFrame offer() {
        return new GatewayFrame(Command.PING.code(), 0, 0, 0, 0, 0, GatewayFrame.FLAG_SCALAR, 0, new byte[0],
                OFFER.clone());
    }

    /** Whether a frame from the gateway is the offer. */
    public static boolean isOffer(GatewayFrame frame) {
        return frame.cmd() == Command.PING.code() && Arrays.equals(frame.body(), OFFER);
    }

    /** Worker to gateway: {@code handled} events on this connection are done (8 bytes, big-endian, in the body). */
    public static GatewayFrame ack(long handled) {
        byte[] body = new byte[8];
        for (int i = 7; i >= 0; i--) {
            body[i] = (byte) handled;
            handled >>>= 8;
        }
        return new GatewayFrame(CMD, 0, 0, 0, 0, 0, GatewayFrame.FLAG_SCALAR, 0, new byte[0], body);
    }

    /** The count an {@link #ack} carries; -1 when the body is not 8 bytes. */
    public static long handled(GatewayFrame frame) {
        byte[] body = frame.body();
        if (body.length != 8) {
            return -1;
        }
        long n = 0;
        for (byte b : body) {
            n = n << 8 | (b & 0xFF);
        }
        return n;
    }
}
