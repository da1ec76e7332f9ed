package io.gwkit.worker.internal;

import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** Pipeline pieces for the worker's inner connections: gateway frames both ways, replies inbound. */
final class InnerCodecs {

    private InnerCodecs() {
    }

    /** Inbound: whole frames (pack_len counts the header) as {@link GatewayFrame}; outbound: frames. */
    static void addFrameCodec(ChannelPipeline p, int maxFrameLength) {
        p.addLast("frameSplitter", new LengthFieldBasedFrameDecoder(maxFrameLength, 0, 4, -4, 0));
        p.addLast("frameDecoder", new FrameDecoder(maxFrameLength));
        p.addLast("frameEncoder", FRAME_ENCODER);
    }

    /** Inbound: replies ({@code u32 len} + serialized value) as byte[]; outbound: frames. */
    static void addReplyCodec(ChannelPipeline p, int maxReplyLength) {
        p.addLast("replySplitter", new LengthFieldBasedFrameDecoder(maxReplyLength, 0, 4, 0, 4));
        p.addLast("replyDecoder", REPLY_DECODER);
        p.addLast("frameEncoder", FRAME_ENCODER);
    }

    private static final FrameEncoder FRAME_ENCODER = new FrameEncoder();
    private static final ReplyDecoder REPLY_DECODER = new ReplyDecoder();

    private static final class FrameDecoder extends MessageToMessageDecoder<ByteBuf> {
        private final int maxFrameLength;

        FrameDecoder(int maxFrameLength) {
            this.maxFrameLength = maxFrameLength;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
            out.add(GatewayFrameCodec.decode(ByteBufUtil.getBytes(msg), maxFrameLength));
        }
    }

    @Sharable
    private static final class FrameEncoder extends MessageToByteEncoder<GatewayFrame> {
        @Override
        protected void encode(ChannelHandlerContext ctx, GatewayFrame frame, ByteBuf out) {
            GatewayFrameCodec.encode(frame, out);
        }
    }

    @Sharable
    private static final class ReplyDecoder extends MessageToMessageDecoder<ByteBuf> {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
            out.add(ByteBufUtil.getBytes(msg));
        }
    }
}
