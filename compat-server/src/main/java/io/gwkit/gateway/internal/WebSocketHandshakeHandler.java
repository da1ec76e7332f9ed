package io.gwkit.gateway.internal;

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
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
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
    private ScheduledFuture<?> timeout;
    /** Set once a request was answered with the 200 page: the close is under way, nothing else is read. */
    private boolean refused;

    WebSocketHandshakeHandler(int maxPackageSize, String serverHeader, Duration handshakeTimeout) {
        this.maxPackageSize = maxPackageSize;
        this.serverHeader = serverHeader;
        this.handshakeTimeout = handshakeTimeout;
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
        String response = "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n"
                + "Server: " + serverHeader + "\r\n\r\n";
        byte[] serialized = PhpSerializer.serialize(connectData(request));
        ByteBuf responseBytes = Unpooled.copiedBuffer(response, StandardCharsets.ISO_8859_1);

        ChannelPipeline p = ctx.pipeline();
        p.addAfter(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(maxPackageSize));
        p.addAfter("ws-aggregator", "ws-frames", new WebSocketFrameHandler());
        // The upgrade event must reach the state thread before any frame decoded from leftover bytes.
        ctx.fireUserEventTriggered(new WebSocketUpgrade(serialized, responseBytes));
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
