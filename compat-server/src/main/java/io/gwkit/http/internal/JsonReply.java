package io.gwkit.http.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The push API's JSON responses: a value, or an error object {@code {"error": code, "message": text}}. No CORS
 * header is ever set: browsers on other origins get no access.
 */
final class JsonReply {

    private JsonReply() {
    }

    /** An error object with {@code code} and {@code message}. */
    static String error(String code, String message) {
        PhpArray body = new PhpArray();
        body.put("error", code);
        body.put("message", message == null ? code : message);
        return PhpJson.encode(body);
    }

    /** Writes the response; {@code close}: with {@code Connection: close}, closing after the write. */
    static ChannelFuture send(ChannelHandlerContext ctx, HttpVersion version, HttpResponseStatus status, String json,
            boolean close) {
        FullHttpResponse res = new DefaultFullHttpResponse(version, status,
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.headers().set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(res, res.content().readableBytes());
        if (status == HttpResponseStatus.UNAUTHORIZED) {
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        if (close) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
        return ctx.writeAndFlush(res); // HttpServerKeepAliveHandler closes when the request asked for it
    }
}
