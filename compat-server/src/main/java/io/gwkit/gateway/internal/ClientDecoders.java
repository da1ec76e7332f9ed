package io.gwkit.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** Inbound steps after the stock framers: turn a framed ByteBuf into the message bytes the worker gets. */
final class ClientDecoders {

    private ClientDecoders() {
    }

    /** The whole buffer as a message (frame payloads, raw tcp reads). */
    @Sharable
    static final class ToBytes extends MessageToMessageDecoder<ByteBuf> {
        static final ToBytes INSTANCE = new ToBytes();

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
            out.add(ByteBufUtil.getBytes(msg));
        }
    }

    /**
     * Text framing in one handler (one pipeline context less per idle connection): each line, without its
     * trailing {@code \r}/{@code \n} characters (PHP's rtrim($line, "\r\n")), as bytes.
     */
    static final class TextLines extends LineBasedFrameDecoder {
        TextLines(int maxLength) {
            super(maxLength, false, true);
        }

        @Override
        protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
            ByteBuf line = (ByteBuf) super.decode(ctx, buffer);
            if (line == null) {
                return null;
            }
            try {
                int end = line.writerIndex();
                while (end > line.readerIndex()) {
                    byte b = line.getByte(end - 1);
                    if (b != '\n' && b != '\r') {
                        break;
                    }
                    end--;
                }
                return ByteBufUtil.getBytes(line, line.readerIndex(), end - line.readerIndex());
            } finally {
                line.release();
            }
        }
    }
}
