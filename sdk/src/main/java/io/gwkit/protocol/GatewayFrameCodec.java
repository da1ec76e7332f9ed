package io.gwkit.protocol;

import io.netty.buffer.ByteBuf;

/** Pure encode/decode of {@link GatewayFrame}s; the Netty handlers delegate here. */
public final class GatewayFrameCodec {

    public static final int DEFAULT_MAX_FRAME_LENGTH = 10 * 1024 * 1024;

    private GatewayFrameCodec() {
    }

    public static void encode(GatewayFrame frame, ByteBuf out) {
        throw new UnsupportedOperationException("TODO");
    }

    public static byte[] encode(GatewayFrame frame) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Decodes exactly one whole frame; the array must hold pack_len bytes, no more, no less. */
    public static GatewayFrame decode(byte[] frame, int maxFrameLength) {
        throw new UnsupportedOperationException("TODO");
    }
}
