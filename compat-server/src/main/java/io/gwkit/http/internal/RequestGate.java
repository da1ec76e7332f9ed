package io.gwkit.http.internal;

import io.gwkit.client.PhpMethod;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a push API request by its head, before its body is read (the aggregator comes after this handler):
 * Host, path, token, method, content type. A refused request is answered and its connection closed, so an
 * unauthenticated body is never buffered. One per connection.
 *
 * <p>Host: an IP literal, {@code localhost}, or a name on the allow-list; any other name (a DNS-rebinding page
 * on an attacker's domain) is refused. Content type: {@code application/json} only, so a browser cannot send a
 * request without a CORS preflight, which this server never grants.
 */
public final class RequestGate extends ChannelInboundHandlerAdapter {

    static final String PREFIX = "/v1/";

    private final byte[] expectedAuthorization;
    private final Set<String> allowedHosts;
    private boolean refusing;

    /** {@code allowedHosts}: lower-case host names (without port) accepted besides IP literals and localhost. */
    public RequestGate(String token, Set<String> allowedHosts) {
        this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.allowedHosts = allowedHosts;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            HttpRequest req = (HttpRequest) msg;
            String[] refusal = refusal(req);
            if (refusal != null) {
                refusing = true;
                ReferenceCountUtil.release(msg);
                ctx.channel().config().setAutoRead(false);
                JsonReply.send(ctx, req.protocolVersion(), HttpResponseStatus.valueOf(Integer.parseInt(refusal[0])),
                        JsonReply.error(refusal[1], refusal[2]), true);
                return;
            }
        }
        if (refusing && msg instanceof HttpContent) {
            ReferenceCountUtil.release(msg); // the body of a refused request is dropped, not aggregated
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** {status, error, message} when {@code req} is refused, else null. */
    private String[] refusal(HttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            return new String[] {"400", "bad_request", "malformed HTTP request"};
        }
        if (!hostAllowed(req.headers().get(HttpHeaderNames.HOST))) {
            return new String[] {"403", "forbidden_host", "Host not allowed (use an IP address, localhost, or a "
                    + "name given with --allow-host)"};
        }
        String path;
        try {
            path = new QueryStringDecoder(req.uri()).path();
        } catch (IllegalArgumentException badEscape) { // e.g. "%zz": found by HttpGateFuzzTest
            return new String[] {"400", "bad_request", "malformed request target"};
        }
        if (!path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
            return new String[] {"404", "not_found", "no such path"};
        }
        String name = path.substring(PREFIX.length());
        if (name.equals("health")) {
            return req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD) ? null
                    : new String[] {"405", "method_not_allowed", "use GET"};
        }
        String given = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (given == null || !MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8))) {
            return new String[] {"401", "unauthorized", "missing or wrong 'Authorization: Bearer <token>'"};
        }
        if (PhpMethod.find(name) == null) {
            return new String[] {"404", "unknown_method", "no GatewayClient method " + name};
        }
        if (!req.method().equals(HttpMethod.POST)) {
            return new String[] {"405", "method_not_allowed", "use POST"};
        }
        CharSequence type = HttpUtil.getMimeType(req);
        if (type == null || !type.toString().trim().equalsIgnoreCase("application/json")) {
            return new String[] {"415", "unsupported_media_type", "Content-Type must be application/json"};
        }
        return null;
    }

    /** "" or ":" and 1..5 digits. */
    private static boolean portOrNothing(String rest) {
        if (rest.isEmpty()) {
            return true;
        }
        if (rest.charAt(0) != ':' || rest.length() < 2 || rest.length() > 6) {
            return false;
        }
        for (int i = 1; i < rest.length(); i++) {
            if (rest.charAt(i) < '0' || rest.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private boolean hostAllowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return false;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) { // [v6] or [v6]:port
            int end = host.indexOf(']');
            return end > 0 && portOrNothing(host.substring(end + 1))
                    && NetUtil.isValidIpV6Address(host.substring(1, end));
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            if (!portOrNothing(host.substring(colon))) {
                return false;
            }
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return NetUtil.isValidIpV4Address(host) || host.equals("localhost") || allowedHosts.contains(host);
    }
}
