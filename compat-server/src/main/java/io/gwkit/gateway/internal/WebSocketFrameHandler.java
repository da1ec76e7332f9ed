package io.gwkit.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Websocket control frames as Workerman handles them, text frames to {@code byte[]}, binary ones to {@link Binary}:
 * a ping is answered with a pong carrying its payload, pings and pongs go on as {@link Control} events (for the
 * hooks), a close frame is answered with
 * {@code 88 02 03 e8} and the connection closed. Pongs to a client that does not read (its channel is
 * unwritable, 64 KiB queued) are dropped, as Workerman drops sends to a full buffer.
 */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);
    private static final byte[] CLOSE_REPLY = {(byte) 0x88, 0x02, 0x03, (byte) 0xe8};

    private boolean pongsDropped;

    /** A message that came in binary frames. */
    record Binary(byte[] payload) {
    }

    /** A ping ({@code pong} false) or pong from the client. */
    record Control(byte[] payload, boolean pong) {
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame) {
            ctx.fireChannelRead(ByteBufUtil.getBytes(frame.content()));
        } else if (frame instanceof BinaryWebSocketFrame) {
            ctx.fireChannelRead(new Binary(ByteBufUtil.getBytes(frame.content())));
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.fireUserEventTriggered(new Control(ByteBufUtil.getBytes(frame.content()), false));
            if (!ctx.channel().isWritable()) {
                // A ping flood from a client that does not read its pongs must not grow our buffer.
                if (!pongsDropped) {
                    pongsDropped = true;
                    log.info("websocket client {} does not read its pongs, dropping them",
                            ctx.channel().remoteAddress());
                }
                return;
            }
            ByteBuf pong = ctx.alloc().buffer(frame.content().readableBytes() + 10);
            ClientEncoders.WebSocket.writeFrame(0x8a, ByteBufUtil.getBytes(frame.content()), pong);
            ctx.writeAndFlush(pong);
        } else if (frame instanceof PongWebSocketFrame) {
            ctx.fireUserEventTriggered(new Control(ByteBufUtil.getBytes(frame.content()), true));
        } else if (frame instanceof CloseWebSocketFrame) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(CLOSE_REPLY)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
