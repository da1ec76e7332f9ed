package io.gwkit.gateway.internal;

import io.gwkit.gateway.GatewayHooks;
import io.gwkit.gateway.GatewayStats;
import io.gwkit.gateway.Listener;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the websocket upgrade request the way Workerman 4.0.19 does (same response bytes and header
 * order), builds the PHP-shaped cmd 205 body from the request, then rewires the pipeline to websocket
 * frames. Runs on the I/O thread so the rewiring happens before the next bytes are decoded.
 */
final class WebSocketHandshakeHandler extends SimpleChannelInboundHandler<HttpObject> {

    private static final Logger log = LoggerFactory.getLogger(WebSocketHandshakeHandler.class);
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final int maxPackageSize;
    private final String serverHeader;
    private final Duration handshakeTimeout;
    private final HookSettings hookSettings;
    private ScheduledFuture<?> timeout;
    /**
     * Set once a request was answered with the 200 page, or handed to the handshake hook: nothing else is read
     * (a client sends no frames before the 101).
     */
    private boolean refused;
    /** Set once the hook's answer (or its timeout) was acted on: the later of the two does nothing. */
    private boolean decided;

    /**
     * What the handshake hook needs: the hooks, how long they may take, the listener, where failures count; and
     * whether cmd 205's server array gets REMOTE_ADDR/REMOTE_PORT (current GatewayWorker) or not (the captures).
     */
    record HookSettings(GatewayHooks hooks, Duration timeout, Listener listener, GatewayStats stats,
                        boolean remoteAddress) {
        static final HookSettings NONE = new HookSettings(GatewayHooks.NONE, Duration.ofSeconds(5),
                Listener.of(Listener.Protocol.WEBSOCKET, "0.0.0.0", 0), new GatewayStats(), false);
    }

    WebSocketHandshakeHandler(int maxPackageSize, String serverHeader, Duration handshakeTimeout,
            HookSettings hookSettings) {
        this.maxPackageSize = maxPackageSize;
        this.serverHeader = serverHeader;
        this.handshakeTimeout = handshakeTimeout;
        this.hookSettings = hookSettings;
    }

    /** A client that never completes its upgrade request (slowloris) must not hold a connection forever. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            log.info("websocket client {} sent no complete upgrade request within {} ms, closing",
                    ctx.channel().remoteAddress(), handshakeTimeout.toMillis());
            ctx.close();
        }, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timeout.cancel(false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timeout.cancel(false);
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (!(msg instanceof HttpRequest) || refused) {
            // the (empty) content of the upgrade request, or what follows a refused one in the same read
            return;
        }
        HttpRequest request = (HttpRequest) msg;
        timeout.cancel(false);
        String key = request.headers().get("Sec-WebSocket-Key");
        if (request.decoderResult().isFailure() || !HttpMethod.GET.equals(request.method()) || key == null) {
            refused = true;
            log.info("not a websocket upgrade request from {}, answering 200 and closing",
                    ctx.channel().remoteAddress());
            String body = "<div style=\"text-align:center\"><h1>Websocket</h1><hr>powered by "
                    + "<a href=\"https://www.workerman.net\">" + serverHeader.replace('/', ' ') + "</a></div>";
            ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 200 Websocket\r\nServer: " + serverHeader
                    + "\r\n\r\n" + body, StandardCharsets.UTF_8)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!validKey(key)) {
            // RFC 6455 4.2.1: the key is a base64-encoded 16-byte nonce; Workerman accepts anything here
            log.info("websocket upgrade request from {} with an invalid Sec-WebSocket-Key, answering 400 and closing",
                    ctx.channel().remoteAddress());
            ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 400 Bad Request\r\nServer: " + serverHeader
                    + "\r\nContent-Length: 0\r\n\r\n", StandardCharsets.ISO_8859_1)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (hookSettings.hooks() == GatewayHooks.NONE) {
            upgrade(ctx, request, key, GatewayHooks.Handshake.Result.accept());
            return;
        }
        askHook(ctx, request, key);
    }

    /**
     * Hands the request to the handshake hook. A completed answer is acted on at once (as without hooks); else
     * reading stops until the answer or the timeout, whichever comes first.
     */
    private void askHook(ChannelHandlerContext ctx, HttpRequest request, String key) {
        GatewayHooks.Handshake handshake = handshake(ctx, request);
        CompletableFuture<GatewayHooks.Handshake.Result> answer;
        try {
            answer = hookSettings.hooks().onWebSocketHandshake(handshake).toCompletableFuture();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (answer.isDone()) {
            decide(ctx, request, key, handshake, answer);
            return;
        }
        refused = true;
        ctx.channel().config().setAutoRead(false);
        CompletableFuture<GatewayHooks.Handshake.Result> pending = answer;
        ScheduledFuture<?> expiry = ctx.executor().schedule(() -> decide(ctx, request, key, handshake,
                CompletableFuture.failedFuture(new TimeoutException("no answer within "
                        + hookSettings.timeout().toMillis() + " ms"))),
                hookSettings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        pending.whenComplete((r, e) -> ctx.executor().execute(() -> {
            expiry.cancel(false);
            decide(ctx, request, key, handshake, pending);
        }));
    }

    /** Acts on the hook's answer: a failure is 500 (503 for a timeout), a rejection its status, else the 101. */
    private void decide(ChannelHandlerContext ctx, HttpRequest request, String key, GatewayHooks.Handshake handshake,
            CompletableFuture<GatewayHooks.Handshake.Result> answer) {
        if (decided || !ctx.channel().isActive()) {
            return;
        }
        decided = true;
        GatewayHooks.Handshake.Result result;
        try {
            result = answer.join();
            if (result == null) {
                throw new IllegalStateException("the handshake hook answered null");
            }
            if (result.subprotocol() != null && !handshake.offers(result.subprotocol())) {
                throw new IllegalStateException("the handshake hook chose subprotocol \"" + result.subprotocol()
                        + "\", which the client did not offer");
            }
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            boolean timedOut = cause instanceof TimeoutException;
            hookSettings.stats().hookFailure();
            log.warn("websocket handshake hook for {} {}: {}, answering {} and closing", ctx.channel().remoteAddress(),
                    timedOut ? "timed out" : "failed", cause.toString(), timedOut ? 503 : 500);
            result = GatewayHooks.Handshake.Result.reject(timedOut ? 503 : 500, "");
        }
        refused = true;
        if (!result.accepted()) {
            reject(ctx, result);
            return;
        }
        upgrade(ctx, request, key, result);
        ctx.channel().config().setAutoRead(true);
    }

    private void reject(ChannelHandlerContext ctx, GatewayHooks.Handshake.Result result) {
        byte[] body = result.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(result.status()).append(' ')
                .append(HttpResponseStatus.valueOf(result.status()).reasonPhrase()).append("\r\n")
                .append("Server: ").append(serverHeader).append("\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n");
        appendHeaders(head, result);
        head.append("\r\n");
        ByteBuf out = Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1).writeBytes(body);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    private static void appendHeaders(StringBuilder out, GatewayHooks.Handshake.Result result) {
        for (Map.Entry<String, String> h : result.headers()) {
            out.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
    }

    private GatewayHooks.Handshake handshake(ChannelHandlerContext ctx, HttpRequest request) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        int hash = query.indexOf('#');
        if (hash >= 0) {
            query = query.substring(0, hash);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.add(Map.entry(h.getKey(), h.getValue()));
        }
        return new GatewayHooks.Handshake(request.method().name(), path, query, headers,
                ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null, hookSettings.listener());
    }

    /** Answers 101 (with what the hook added) and rewires the pipeline to websocket frames. */
    private void upgrade(ChannelHandlerContext ctx, HttpRequest request, String key,
            GatewayHooks.Handshake.Result result) {
        StringBuilder response = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n");
        if (result.subprotocol() != null) {
            response.append("Sec-WebSocket-Protocol: ").append(result.subprotocol()).append("\r\n");
        }
        appendHeaders(response, result);
        response.append("Server: ").append(serverHeader).append("\r\n\r\n");
        PhpArray data = connectData(request);
        if (hookSettings.remoteAddress() && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            PhpArray server = (PhpArray) data.get("server");
            server.put("REMOTE_ADDR", remote.getAddress().getHostAddress());
            server.put("REMOTE_PORT", (long) remote.getPort());
        }
        byte[] serialized = PhpSerializer.serialize(data);
        ByteBuf responseBytes = Unpooled.copiedBuffer(response, StandardCharsets.ISO_8859_1);
        byte[] session = result.session() == null ? null : PhpSerializer.serialize(result.session());

        ChannelPipeline p = ctx.pipeline();
        p.addAfter(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(maxPackageSize));
        p.addAfter("ws-aggregator", "ws-frames", new WebSocketFrameHandler());
        // The upgrade event must reach the state thread before any frame decoded from leftover bytes.
        ctx.fireUserEventTriggered(new WebSocketUpgrade(serialized, responseBytes, session, result.frameType()));
        p.remove(this);
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(true)
                .allowExtensions(false)
                .maxFramePayloadLength(maxPackageSize)
                .build();
        p.replace("http", "ws-decoder", new WebSocket13FrameDecoder(config));
    }

    /** Netty decodes request bytes as ISO-8859-1; PHP keeps the bytes. */
    private static Object raw(String latin1) {
        return PhpValues.string(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from the JRE", e);
        }
    }

    /**
     * {@code ['get' => $_GET, 'server' => $_SERVER, 'cookie' => $_COOKIE]} as Workerman 4.0.19 fills them from
     * the raw request: request line, one HTTP_* per header in order (SERVER_NAME/SERVER_PORT right after
     * HTTP_HOST), then QUERY_STRING; cookies and query parsed with parse_str.
     */
    static PhpArray connectData(HttpRequest request) {
        PhpArray server = new PhpArray();
        server.put("REQUEST_METHOD", request.method().name());
        server.put("REQUEST_URI", raw(request.uri()));
        server.put("SERVER_PROTOCOL", request.protocolVersion().text());
        PhpArray cookie = new PhpArray();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toUpperCase(Locale.ROOT).replace('-', '_');
            String value = header.getValue().trim();
            server.put(raw("HTTP_" + name), raw(value));
            if (name.equals("HOST")) {
                String[] parts = value.split(":", -1);
                server.put("SERVER_NAME", raw(parts[0]));
                if (parts.length > 1) {
                    server.put("SERVER_PORT", raw(parts[1]));
                }
            } else if (name.equals("COOKIE")) {
                cookie = PhpParseStr.parse(value.replace("; ", "&").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        String uri = request.uri();
        int q = uri.indexOf('?');
        String query = q < 0 ? "" : uri.substring(q + 1);
        int hash = query.indexOf('#');
        if (hash >= 0) {
            query = query.substring(0, hash);
        }
        PhpArray get = new PhpArray();
        if (query.isEmpty() || query.equals("0")) {
            server.put("QUERY_STRING", "");
        } else {
            server.put("QUERY_STRING", raw(query));
            get = PhpParseStr.parse(query.getBytes(StandardCharsets.ISO_8859_1));
        }
        PhpArray data = new PhpArray();
        data.put("get", get);
        data.put("server", server);
        data.put("cookie", cookie);
        return data;
    }
}
