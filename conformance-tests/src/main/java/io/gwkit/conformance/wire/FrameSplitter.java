package io.gwkit.conformance.wire;

import io.gwkit.conformance.FrameKind;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one direction of a TCP byte stream into protocol frames, incrementally: bytes arrive in whatever
 * pieces TCP delivers and complete frames come out. A splitter never fails: when the bytes contradict its
 * framing it emits everything from there on as {@link FrameKind#RAW} pieces, so a recording proxy keeps
 * forwarding and the capture shows the garbage.
 */
public final class FrameSplitter {

    /** The framing of one direction of one link. */
    public enum Framing {
        /** {@code \n}-terminated lines. */
        LINES,
        /** Gateway frames (pack_len counts the whole frame). */
        GATEWAY_FRAMES,
        /** Replies (u32 length not counting itself). */
        REPLIES,
        /** An HTTP head up to {@code \r\n\r\n}, then websocket frames. */
        WEBSOCKET
    }

    /** A complete frame (or the incomplete tail when the stream ended). */
    public record Frame(FrameKind kind, byte[] bytes, boolean incomplete) {
    }

    /** Frames larger than this are not believed: the rest of the stream is shown raw. */
    public static final long MAX_FRAME = 256L * 1024 * 1024;

    private final Framing framing;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private boolean handshakeDone;
    private boolean broken;

    public FrameSplitter(Framing framing) {
        this.framing = framing;
    }

    public Framing framing() {
        return framing;
    }

    /** Adds bytes and returns the frames they complete, in order. */
    public List<Frame> feed(byte[] data, int off, int len) {
        buf.write(data, off, len);
        List<Frame> out = new ArrayList<>();
        byte[] b = buf.toByteArray();
        int pos = 0;
        while (pos < b.length) {
            if (broken) {
                out.add(new Frame(FrameKind.RAW, slice(b, pos, b.length), false));
                pos = b.length;
                break;
            }
            long size = frameSize(b, pos);
            if (size < 0) {
                break;
            }
            if (size == 0 || size > MAX_FRAME) {
                broken = true;
                continue;
            }
            if (pos + size > b.length) {
                break;
            }
            out.add(new Frame(kindAt(b, pos), slice(b, pos, pos + (int) size), false));
            if (framing == Framing.WEBSOCKET && !handshakeDone) {
                handshakeDone = true;
            }
            pos += (int) size;
        }
        buf.reset();
        buf.write(b, pos, b.length - pos);
        return out;
    }

    public List<Frame> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    /** The bytes left when the stream ended, as one incomplete frame, or null when nothing is pending. */
    public Frame finish() {
        if (buf.size() == 0) {
            return null;
        }
        byte[] rest = buf.toByteArray();
        buf.reset();
        return new Frame(broken ? FrameKind.RAW : kindAt(rest, 0), rest, true);
    }

    private FrameKind kindAt(byte[] b, int pos) {
        switch (framing) {
            case LINES:
                return FrameKind.LINE;
            case GATEWAY_FRAMES:
                return FrameKind.GATEWAY;
            case REPLIES:
                return FrameKind.REPLY;
            case WEBSOCKET:
            default:
                return handshakeDone ? FrameKind.WS : FrameKind.HTTP;
        }
    }

    /** Size of the frame starting at pos; -1 if more bytes are needed; 0 if the bytes make no sense. */
    private long frameSize(byte[] b, int pos) {
        int avail = b.length - pos;
        switch (framing) {
            case LINES: {
                for (int i = pos; i < b.length; i++) {
                    if (b[i] == '\n') {
                        return i - pos + 1;
                    }
                }
                return -1;
            }
            case GATEWAY_FRAMES: {
                if (avail < 4) {
                    return -1;
                }
                long packLen = u32(b, pos);
                return packLen < 28 ? 0 : packLen;
            }
            case REPLIES:
                return avail < 4 ? -1 : 4 + u32(b, pos);
            case WEBSOCKET:
            default:
                return handshakeDone ? wsFrameSize(b, pos, avail) : httpHeadSize(b, pos);
        }
    }

    private static long httpHeadSize(byte[] b, int pos) {
        for (int i = pos; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i - pos + 4;
            }
        }
        return -1;
    }

    private static long wsFrameSize(byte[] b, int pos, int avail) {
        if (avail < 2) {
            return -1;
        }
        boolean masked = (b[pos + 1] & 0x80) != 0;
        int len7 = b[pos + 1] & 0x7F;
        long header = 2;
        long payload;
        if (len7 == 126) {
            if (avail < 4) {
                return -1;
            }
            payload = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            header += 2;
        } else if (len7 == 127) {
            if (avail < 10) {
                return -1;
            }
            payload = 0;
            for (int i = 0; i < 8; i++) {
                payload = (payload << 8) | (b[pos + 2 + i] & 0xFF);
            }
            if (payload < 0) {
                return 0;
            }
            header += 8;
        } else {
            payload = len7;
        }
        return header + (masked ? 4 : 0) + payload;
    }

    static long u32(byte[] b, int pos) {
        return ((long) (b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8)
                | (b[pos + 3] & 0xFF);
    }

    private static byte[] slice(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }
}
