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
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Websocket control frames as Workerman handles them, data frames to {@code byte[]}: a ping is answered
 * with a pong carrying its payload (not forwarded), a pong is ignored, a close frame is answered with
 * {@code 88 02 03 e8} and the connection closed. Pongs to a client that does not read (its channel is
 * unwritable, 64 KiB queued) are dropped, as Workerman drops sends to a full buffer.
 */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);
    private static final byte[] CLOSE_REPLY = {(byte) 0x88, 0x02, 0x03, (byte) 0xe8};

    private boolean pongsDropped;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            ctx.fireChannelRead(ByteBufUtil.getBytes(frame.content()));
        } else if (frame instanceof PingWebSocketFrame) {
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
        } else if (frame instanceof CloseWebSocketFrame) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(CLOSE_REPLY)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
