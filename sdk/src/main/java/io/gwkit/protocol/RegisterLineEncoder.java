package io.gwkit.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Writes register lines: a {@link RegisterMessage} as {@link RegisterMessage#toLine()}, or any CharSequence
 * as is, UTF-8 encoded, followed by {@code \n}. Stateless: share one instance.
 */
@ChannelHandler.Sharable
public final class RegisterLineEncoder extends MessageToByteEncoder<Object> {

    public static final RegisterLineEncoder INSTANCE = new RegisterLineEncoder();

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof RegisterMessage || msg instanceof CharSequence;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        CharSequence line = msg instanceof RegisterMessage ? ((RegisterMessage) msg).toLine() : (CharSequence) msg;
        out.writeCharSequence(line, StandardCharsets.UTF_8);
        out.writeByte('\n');
    }
}
