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
import io.gwkit.server.internal.LogText;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests {@link RequestGate} let through, one at a time per connection: pipelined requests wait
 * (at most {@value #MAX_PIPELINED}), so answers go out in request order. One per connection.
 */
public final class PushApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** Requests one connection may have waiting behind the one being served; more close the connection. */
    public static final int MAX_PIPELINED = 16;

    private static final Logger log = LoggerFactory.getLogger(PushApiHandler.class);

    private final GatewayClient client;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    public PushApiHandler(GatewayClient client) {
        this.client = client;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (waiting.size() >= MAX_PIPELINED) {
            log.warn("HTTP client {} pipelined more than {} requests; closing it", ctx.channel().remoteAddress(),
                    MAX_PIPELINED);
            ctx.close();
            return;
        }
        waiting.add(req.retain());
        next(ctx);
    }

    private void next(ChannelHandlerContext ctx) {
        if (busy || waiting.isEmpty() || !ctx.channel().isActive()) {
            return;
        }
        busy = true;
        FullHttpRequest req = waiting.poll();
        Reply reply = new Reply(ctx, req.protocolVersion(), () -> {
            busy = false;
            next(ctx);
        });
        try {
            serve(req, reply);
        } finally {
            req.release();
        }
    }

    private void serve(FullHttpRequest req, Reply reply) {
        String name = new QueryStringDecoder(req.uri()).path().substring(RequestGate.PREFIX.length());
        if (name.equals("health")) {
            reply.send(HttpResponseStatus.OK, "{\"status\":\"ok\"}");
            return;
        }
        PhpMethod method = PhpMethod.find(name);
        List<Object> args;
        try {
            args = NamedArguments.positional(method, namedArguments(ByteBufUtil.getBytes(req.content())), null);
        } catch (PhpJsonException e) {
            reply.error(HttpResponseStatus.BAD_REQUEST, "bad_json", e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            reply.error(HttpResponseStatus.BAD_REQUEST, "invalid_argument", e.getMessage());
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

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        FullHttpRequest r;
        while ((r = waiting.poll()) != null) {
            r.release();
        }
        super.channelInactive(ctx);
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
        log.warn("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(),
                LogText.escape(cause.toString()));
        ctx.close();
    }

    /** Writes the one response of a request, possibly from a GatewayClient thread, then serves the next. */
    private static final class Reply {
        private final ChannelHandlerContext ctx;
        private final HttpVersion version;
        private final Runnable done;

        Reply(ChannelHandlerContext ctx, HttpVersion version, Runnable done) {
            this.ctx = ctx;
            this.version = version;
            this.done = done;
        }

        void result(Object value) {
            String json;
            try {
                json = PhpJson.encode(value);
            } catch (RuntimeException e) { // e.g. a session string PHP's json_encode would refuse too
                error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "unencodable_result", e.getMessage());
                return;
            }
            send(HttpResponseStatus.OK, json);
        }

        /**
         * Cluster failures are answered without the cluster's internal addresses (they are logged here instead):
         * the push API's callers need not learn the inner network.
         */
        void failure(String method, Throwable failure) {
            Throwable e = failure;
            while (e instanceof CompletionException && e.getCause() != null) {
                e = e.getCause();
            }
            if (e instanceof InvalidClientIdException) {
                error(HttpResponseStatus.BAD_REQUEST, "invalid_client_id", e.getMessage());
                return;
            } else if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                error(HttpResponseStatus.BAD_REQUEST, "invalid_argument", e.getMessage());
                return;
            }
            log.info("{} failed: {}", method, LogText.escape(String.valueOf(e.getMessage())));
            if (e instanceof GatewayTimeoutException) {
                error(HttpResponseStatus.GATEWAY_TIMEOUT, "gateway_timeout", "a gateway did not answer in time");
            } else if (e instanceof RegisterUnavailableException) {
                error(HttpResponseStatus.BAD_GATEWAY, "register_unavailable",
                        "no register answered with the gateway list");
            } else if (e instanceof GatewayClientException) {
                error(HttpResponseStatus.BAD_GATEWAY, "gateway_unavailable",
                        "a gateway could not be reached or answered garbage");
            } else {
                log.error("{} failed", method, e);
                error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", "internal error");
            }
        }

        void error(HttpResponseStatus status, String code, String message) {
            send(status, JsonReply.error(code, message));
        }

        void send(HttpResponseStatus status, String json) {
            JsonReply.send(ctx, version, status, json, false)
                    .addListener(f -> ctx.executor().execute(done));
        }
    }
}
