package io.gwkit.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Pure encode/decode of {@link GatewayFrame}s; the Netty handlers delegate here.
 *
 * <p>Decoding checks, in this order: at least 28 header bytes; pack_len at least 28
 * ({@link MalformedFrameException}); pack_len within the limit ({@link FrameTooLongException});
 * pack_len equal to the bytes given; ext_len within pack_len - 28 ({@link MalformedFrameException}).
 * Messages carry the actual and the allowed numbers.
 */
public final class GatewayFrameCodec {

    public static final int DEFAULT_MAX_FRAME_LENGTH = 10 * 1024 * 1024;

    private GatewayFrameCodec() {
    }

    public static void encode(GatewayFrame frame, ByteBuf out) {
        byte[] ext = frame.extData();
        byte[] body = frame.body();
        out.ensureWritable((int) Math.min(Integer.MAX_VALUE, frame.packLength()));
        out.writeInt((int) frame.packLength());
        out.writeByte(frame.cmd());
        out.writeInt((int) frame.localIp());
        out.writeShort(frame.localPort());
        out.writeInt((int) frame.clientIp());
        out.writeShort(frame.clientPort());
        out.writeInt((int) frame.connectionId());
        out.writeByte(frame.flag());
        out.writeShort(frame.gatewayPort());
        out.writeInt(ext.length);
        out.writeBytes(ext);
        out.writeBytes(body);
    }

    public static byte[] encode(GatewayFrame frame) {
        long len = frame.packLength();
        if (len > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("frame of " + len + " bytes does not fit a byte array");
        }
        byte[] bytes = new byte[(int) len];
        ByteBuf out = Unpooled.wrappedBuffer(bytes);
        out.writerIndex(0);
        encode(frame, out);
        return bytes;
    }

    /** Decodes exactly one whole frame; the array must hold pack_len bytes, no more, no less. */
    public static GatewayFrame decode(byte[] frame, int maxFrameLength) {
        return decode(Unpooled.wrappedBuffer(frame), maxFrameLength);
    }

    /**
     * Decodes exactly one whole frame from the readable bytes of {@code frame} (which must be pack_len
     * bytes, no more, no less) and consumes them.
     */
    public static GatewayFrame decode(ByteBuf frame, int maxFrameLength) {
        int available = frame.readableBytes();
        if (available < GatewayFrame.HEADER_LENGTH) {
            throw new MalformedFrameException("short frame: " + available + " bytes, the header alone is "
                    + GatewayFrame.HEADER_LENGTH);
        }
        long packLen = frame.getUnsignedInt(frame.readerIndex());
        checkPackLength(packLen, maxFrameLength);
        if (packLen != available) {
            throw new MalformedFrameException("pack_len " + packLen + " does not match the " + available
                    + " bytes of the frame");
        }
        int start = frame.readerIndex();
        frame.skipBytes(4);
        int cmd = frame.readUnsignedByte();
        long localIp = frame.readUnsignedInt();
        int localPort = frame.readUnsignedShort();
        long clientIp = frame.readUnsignedInt();
        int clientPort = frame.readUnsignedShort();
        long connectionId = frame.readUnsignedInt();
        int flag = frame.readUnsignedByte();
        int gatewayPort = frame.readUnsignedShort();
        long extLen = frame.readUnsignedInt();
        long payload = packLen - GatewayFrame.HEADER_LENGTH;
        if (extLen > payload) {
            frame.readerIndex(start);
            throw new MalformedFrameException("ext_len " + extLen + " runs past the end of the frame: pack_len "
                    + packLen + " leaves " + payload + " bytes after the header");
        }
        byte[] ext = new byte[(int) extLen];
        frame.readBytes(ext);
        byte[] body = new byte[(int) (payload - extLen)];
        frame.readBytes(body);
        return new GatewayFrame(cmd, localIp, localPort, clientIp, clientPort, connectionId, flag, gatewayPort, ext, body);
    }

    /** The pack_len checks that can be made as soon as the first 4 bytes of a frame arrive. */
    public static void checkPackLength(long packLen, int maxFrameLength) {
        if (packLen < GatewayFrame.HEADER_LENGTH) {
            throw new MalformedFrameException("pack_len " + packLen + " is less than the header length "
                    + GatewayFrame.HEADER_LENGTH);
        }
        if (packLen > maxFrameLength) {
            throw new FrameTooLongException("pack_len " + packLen + " exceeds the maximum frame length "
                    + maxFrameLength);
        }
    }
}
