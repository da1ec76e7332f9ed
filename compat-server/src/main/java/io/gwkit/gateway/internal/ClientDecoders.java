package io.gwkit.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
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

    /** A text line without its trailing {@code \r}/{@code \n} characters (PHP's rtrim($line, "\r\n")). */
    @Sharable
    static final class TextLine extends MessageToMessageDecoder<ByteBuf> {
        static final TextLine INSTANCE = new TextLine();

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
            int end = msg.writerIndex();
            while (end > msg.readerIndex()) {
                byte b = msg.getByte(end - 1);
                if (b != '\n' && b != '\r') {
                    break;
                }
                end--;
            }
            out.add(ByteBufUtil.getBytes(msg, msg.readerIndex(), end - msg.readerIndex()));
        }
    }
}
