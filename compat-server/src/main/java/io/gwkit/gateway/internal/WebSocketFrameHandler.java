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

/**
 * Websocket control frames as Workerman handles them, data frames to {@code byte[]}: a ping is answered
 * with a pong carrying its payload (not forwarded), a pong is ignored, a close frame is answered with
 * {@code 88 02 03 e8} and the connection closed.
 */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final byte[] CLOSE_REPLY = {(byte) 0x88, 0x02, 0x03, (byte) 0xe8};

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            ctx.fireChannelRead(ByteBufUtil.getBytes(frame.content()));
        } else if (frame instanceof PingWebSocketFrame) {
            ByteBuf pong = ctx.alloc().buffer(frame.content().readableBytes() + 10);
            ClientEncoders.WebSocket.writeFrame(0x8a, ByteBufUtil.getBytes(frame.content()), pong);
            ctx.writeAndFlush(pong);
        } else if (frame instanceof CloseWebSocketFrame) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(CLOSE_REPLY)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
