package io.gwkit.conformance.record;

import io.gwkit.conformance.CapturedFrame;
import io.gwkit.conformance.FrameKind;
import io.gwkit.conformance.Link;
import io.gwkit.conformance.wire.FrameSplitter;
import io.gwkit.conformance.wire.FrameSplitter.Framing;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records both directions of one TCP connection as gwcap frames. The connecting side's role is only
 * known from its first frame (docs/CAPTURE-FORMAT.md "from / to"): {@code gateway_connect} means a gateway, cmd 200
 * a worker, anything else a GatewayClient when the connection was opened during a call step and the
 * worker otherwise. Frames seen before the role is known are held back and recorded with it.
 */
public final class ConnectionRecorder {

    private final Recorder recorder;
    private final Link link;
    private final String conn;
    private final String server;
    private final String clientName;
    private final boolean openedInCall;
    private final FrameSplitter up;
    private FrameSplitter down;
    private final ByteArrayOutputStream downPending = new ByteArrayOutputStream();
    private final List<CapturedFrame> held = new ArrayList<>();
    private String role;
    private volatile Consumer<CapturedFrame> listener;

    ConnectionRecorder(Recorder recorder, Link link, String conn, String server, String clientName,
                       boolean webSocket, boolean openedInCall) {
        this.recorder = recorder;
        this.link = link;
        this.conn = conn;
        this.server = server;
        this.clientName = clientName;
        this.openedInCall = openedInCall;
        switch (link) {
            case REGISTER:
                up = new FrameSplitter(Framing.LINES);
                down = new FrameSplitter(Framing.LINES);
                break;
            case INNER:
                up = new FrameSplitter(Framing.GATEWAY_FRAMES);
                down = null; // frames or replies: decided by the first frame of the connecting side
                break;
            case CLIENT:
            default:
                Framing f = webSocket ? Framing.WEBSOCKET : Framing.LINES;
                up = new FrameSplitter(f);
                down = new FrameSplitter(f);
                role = "client";
                break;
        }
    }

    /** Called with every frame this connection records (e.g. a test client waiting for its welcome). */
    public void onFrame(Consumer<CapturedFrame> l) {
        this.listener = l;
    }

    public String conn() {
        return conn;
    }

    /** Bytes from the connecting side to the listening side. */
    public synchronized void fromConnecting(byte[] b, int off, int len) {
        recorder.activity();
        for (FrameSplitter.Frame f : up.feed(b, off, len)) {
            if (role == null) {
                decideRole(f);
            }
            emit(true, f);
        }
    }

    /** Bytes from the listening side (register or gateway) to the connecting side. */
    public synchronized void fromListening(byte[] b, int off, int len) {
        recorder.activity();
        if (down == null) {
            downPending.write(b, off, len);
            return;
        }
        for (FrameSplitter.Frame f : down.feed(b, off, len)) {
            emit(false, f);
        }
    }

    /** The stream ended (both directions): pending bytes become incomplete frames, held frames are released. */
    public synchronized void finish() {
        FrameSplitter.Frame rest = up.finish();
        if (rest != null) {
            if (role == null) {
                decideRole(rest);
            }
            emit(true, rest);
        }
        if (role == null) {
            role = openedInCall ? "gatewayclient" : "worker";
        }
        if (down == null) {
            down = new FrameSplitter(Framing.REPLIES);
            flushPendingDown();
        }
        FrameSplitter.Frame downRest = down.finish();
        if (downRest != null) {
            emit(false, downRest);
        }
        releaseHeld();
    }

    private void decideRole(FrameSplitter.Frame first) {
        byte[] b = first.bytes();
        if (link == Link.REGISTER) {
            String line = new String(b, StandardCharsets.UTF_8);
            if (line.contains("\"gateway_connect\"")) {
                role = "gateway";
            } else {
                role = openedInCall ? "gatewayclient" : "worker";
            }
        } else if (link == Link.INNER) {
            boolean workerConnect = first.kind() == FrameKind.GATEWAY && b.length > 4 && (b[4] & 0xFF) == 200;
            role = workerConnect ? "worker" : openedInCall ? "gatewayclient" : "worker";
            down = new FrameSplitter(workerConnect ? Framing.GATEWAY_FRAMES : Framing.REPLIES);
            flushPendingDown();
        }
    }

    private void flushPendingDown() {
        byte[] pending = downPending.toByteArray();
        downPending.reset();
        if (pending.length > 0) {
            for (FrameSplitter.Frame f : down.feed(pending)) {
                emit(false, f);
            }
        }
    }

    private void emit(boolean fromConnecting, FrameSplitter.Frame f) {
        long order = recorder.tick();
        Integer step = recorder.currentStep();
        if (role == null) {
            held.add(frame(fromConnecting, f, order, step, "?"));
            return;
        }
        releaseHeld();
        record(frame(fromConnecting, f, order, step, role));
    }

    private void releaseHeld() {
        if (held.isEmpty() || role == null) {
            return;
        }
        for (CapturedFrame h : held) {
            boolean fromConnecting = !h.from().equals(listeningRole());
            record(frame(fromConnecting, new FrameSplitter.Frame(h.kind(), h.bytes(), h.incomplete()), h.order(), h.step(), role));
        }
        held.clear();
    }

    private CapturedFrame frame(boolean fromConnecting, FrameSplitter.Frame f, long order, Integer step, String connecting) {
        String listening = listeningRole();
        return new CapturedFrame(0, order, step, link, conn, server,
                fromConnecting ? connecting : listening, fromConnecting ? listening : connecting,
                clientName, f.kind(), f.bytes(), f.incomplete());
    }

    private String listeningRole() {
        return link == Link.REGISTER ? "register" : "gateway";
    }

    private void record(CapturedFrame f) {
        recorder.add(f);
        Consumer<CapturedFrame> l = listener;
        if (l != null) {
            l.accept(f);
        }
    }
}
