package io.gwkit.http.internal;

import io.gwkit.client.GatewayClient;
import io.gwkit.client.GatewayClientException;
import io.gwkit.client.GatewayTimeoutException;
import io.gwkit.client.RegisterUnavailableException;
import io.gwkit.client.PhpMethod;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.php.PhpJsonException;
import io.gwkit.protocol.InvalidClientIdException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes {@code /v1/...} requests to the shared GatewayClient and renders results and failures as JSON. */
@ChannelHandler.Sharable
public final class PushApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(PushApiHandler.class);
    private static final String PREFIX = "/v1/";

    private final GatewayClient client;
    private final byte[] expectedAuthorization;

    public PushApiHandler(GatewayClient client, String token) {
        this.client = client;
        this.expectedAuthorization = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        Reply reply = new Reply(ctx, req.protocolVersion());
        if (!req.decoderResult().isSuccess()) {
            reply.error(HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed HTTP request", null);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (!path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
            reply.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such path: " + path, null);
            return;
        }
        String name = path.substring(PREFIX.length());
        if (name.equals("health")) {
            if (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD)) {
                reply.send(HttpResponseStatus.OK, "{\"status\":\"ok\"}");
            } else {
                reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "use GET", null);
            }
            return;
        }
        if (!authorized(req)) {
            reply.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                    "missing or wrong 'Authorization: Bearer <token>'", null);
            return;
        }
        PhpMethod method = PhpMethod.find(name);
        if (method == null) {
            reply.error(HttpResponseStatus.NOT_FOUND, "unknown_method", "no GatewayClient method " + name, null);
            return;
        }
        if (!req.method().equals(HttpMethod.POST)) {
            reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "use POST", null);
            return;
        }
        List<Object> args;
        try {
            args = NamedArguments.positional(method, namedArguments(ByteBufUtil.getBytes(req.content())), null);
        } catch (PhpJsonException e) {
            reply.error(HttpResponseStatus.BAD_REQUEST, "bad_json", e.getMessage(), null);
            return;
        } catch (IllegalArgumentException e) {
            reply.error(HttpResponseStatus.BAD_REQUEST, "invalid_argument", e.getMessage(), null);
            return;
        }
        client.async().invoke(method, args).whenComplete((result, failure) -> {
            if (failure == null) {
                reply.result(result);
            } else {
                reply.failure(method.phpName(), failure);
            }
        });
    }

    /** The body as a JSON object of named arguments; an empty body is no arguments. */
    private static Map<?, ?> namedArguments(byte[] body) {
        if (body.length == 0) {
            return Map.of();
        }
        Object decoded = PhpJson.decode(body);
        if (!(decoded instanceof PhpArray) || (((PhpArray) decoded).isList() && !((PhpArray) decoded).isEmpty())) {
            throw new IllegalArgumentException("the body must be a JSON object of named arguments");
        }
        return (PhpArray) decoded;
    }

    private boolean authorized(FullHttpRequest req) {
        if (expectedAuthorization == null) {
            return true;
        }
        String given = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        return given != null && MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) { // an idle keep-alive connection, or a client that stopped mid-request
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** Writes the one response of a request, possibly from a GatewayClient thread. */
    private static final class Reply {
        private final ChannelHandlerContext ctx;
        private final HttpVersion version;

        Reply(ChannelHandlerContext ctx, HttpVersion version) {
            this.ctx = ctx;
            this.version = version;
        }

        void result(Object value) {
            String json;
            try {
                json = PhpJson.encode(value);
            } catch (RuntimeException e) { // e.g. a session string PHP's json_encode would refuse too
                error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "unencodable_result", e.getMessage(), null);
                return;
            }
            send(HttpResponseStatus.OK, json);
        }

        void failure(String method, Throwable failure) {
            Throwable e = failure;
            while (e instanceof CompletionException && e.getCause() != null) {
                e = e.getCause();
            }
            if (e instanceof InvalidClientIdException) {
                error(HttpResponseStatus.BAD_REQUEST, "invalid_client_id", e.getMessage(), null);
            } else if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                error(HttpResponseStatus.BAD_REQUEST, "invalid_argument", e.getMessage(), null);
            } else if (e instanceof GatewayTimeoutException) {
                error(HttpResponseStatus.GATEWAY_TIMEOUT, "gateway_timeout", e.getMessage(),
                        ((GatewayClientException) e).address());
            } else if (e instanceof RegisterUnavailableException) {
                error(HttpResponseStatus.BAD_GATEWAY, "register_unavailable", e.getMessage(),
                        ((GatewayClientException) e).address());
            } else if (e instanceof GatewayClientException) {
                error(HttpResponseStatus.BAD_GATEWAY, "gateway_unavailable", e.getMessage(),
                        ((GatewayClientException) e).address());
            } else {
                log.error("{} failed", method, e);
                error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", String.valueOf(e), null);
            }
        }

        void error(HttpResponseStatus status, String code, String message, String address) {
            PhpArray body = new PhpArray();
            body.put("error", code);
            body.put("message", message == null ? code : message);
            if (address != null) {
                body.put("address", address);
            }
            send(status, PhpJson.encode(body));
        }

        void send(HttpResponseStatus status, String json) {
            FullHttpResponse res = new DefaultFullHttpResponse(version, status,
                    Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            HttpUtil.setContentLength(res, res.content().readableBytes());
            if (status == HttpResponseStatus.UNAUTHORIZED) {
                res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            }
            ctx.writeAndFlush(res); // HttpServerKeepAliveHandler closes when the request asked for it
        }
    }
}
