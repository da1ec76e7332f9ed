package io.gwkit.worker;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A websocket client's handshake request as {@link EventHandler#onWebSocketConnect} sees it, read from the data
 * the gateway sends with cmd 205 ({@code ['get' => $_GET, 'server' => $_SERVER, 'cookie' => $_COOKIE]}, the same
 * from PHP and Java gateways). Text is the request's bytes decoded as UTF-8.
 *
 * <pre>{@code
 * public void onWebSocketConnect(EventContext ctx, String clientId, WebSocketRequest request) {
 *     String token = request.queryParameter("token");           // $_GET['token']
 *     String origin = request.header("Origin");                 // $_SERVER['HTTP_ORIGIN']
 *     String sid = request.cookie("sid");                       // $_COOKIE['sid']
 *     PhpArray php = request.phpData();                         // the PHP-shaped array itself
 * }
 * }</pre>
 */
public final class WebSocketRequest {

    private final PhpArray data;
    private final PhpArray server;
    private final String remoteAddress;
    private final int remotePort;

    private WebSocketRequest(PhpArray data, String remoteAddress, int remotePort) {
        this.data = data;
        this.server = array(data.get("server"));
        Object addr = server.get("REMOTE_ADDR");
        Object port = server.get("REMOTE_PORT");
        this.remoteAddress = addr != null ? text(addr) : remoteAddress;
        this.remotePort = port != null ? parsePort(text(port), remotePort) : remotePort;
    }

    /**
     * The request in {@code data} (cmd 205's array); the remote address is its {@code REMOTE_ADDR} /
     * {@code REMOTE_PORT} when the gateway sent them (current GatewayWorker releases do), else the given one (the
     * client address of the event).
     */
    public static WebSocketRequest of(PhpArray data, String remoteAddress, int remotePort) {
        return new WebSocketRequest(data == null ? new PhpArray() : data, remoteAddress, remotePort);
    }

    /** {@code GET} for a websocket handshake. */
    public String method() {
        return serverText("REQUEST_METHOD");
    }

    /** The request target as sent: path and query, e.g. {@code /chat?token=u-ann}. */
    public String uri() {
        return serverText("REQUEST_URI");
    }

    /** The path of {@link #uri()}, without the query, e.g. {@code /chat}. */
    public String path() {
        String uri = uri();
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** The raw query string ({@code $_SERVER['QUERY_STRING']}), empty when there is none. */
    public String queryString() {
        return serverText("QUERY_STRING");
    }

    /**
     * A query parameter as PHP's {@code $_GET} has it, or null when it is absent or an array
     * ({@code a[]=1}; see {@link #query()}).
     */
    public String queryParameter(String name) {
        Object v = array(data.get("get")).get(name);
        return v == null || v instanceof PhpArray ? null : text(v);
    }

    /** {@code $_GET}: names to strings, or to PhpArrays for {@code a[]=} parameters; read-only. */
    public Map<Object, Object> query() {
        return Collections.unmodifiableMap(array(data.get("get")));
    }

    /** A request header by name (any case), or null; the value as the client sent it, trimmed. */
    public String header(String name) {
        Object v = server.get("HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        return v == null ? null : text(v);
    }

    /**
     * Every request header, by lower-case name with '-' ({@code user-agent}), in request order; read-only. Names
     * come from PHP's {@code HTTP_*} keys, so '_' in a sent name reads as '-'.
     */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : server.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.startsWith("HTTP_")) {
                headers.put(key.substring(5).toLowerCase(Locale.ROOT).replace('_', '-'), text(e.getValue()));
            }
        }
        return Collections.unmodifiableMap(headers);
    }

    /** A cookie's value ({@code $_COOKIE[name]}), or null. */
    public String cookie(String name) {
        Object v = array(data.get("cookie")).get(name);
        return v == null || v instanceof PhpArray ? null : text(v);
    }

    /** Every cookie, by name; read-only. */
    public Map<String, String> cookies() {
        Map<String, String> cookies = new LinkedHashMap<>();
        array(data.get("cookie")).forEach((k, v) -> {
            if (!(v instanceof PhpArray)) {
                cookies.put(String.valueOf(k), text(v));
            }
        });
        return Collections.unmodifiableMap(cookies);
    }

    /** The client's address as the gateway saw it. */
    public String remoteAddress() {
        return remoteAddress;
    }

    public int remotePort() {
        return remotePort;
    }

    /** The PHP-shaped array itself: {@code ['get' => ..., 'server' => ..., 'cookie' => ...]}. */
    public PhpArray phpData() {
        return data;
    }

    @Override
    public String toString() {
        return method() + " " + uri() + " from " + remoteAddress + ":" + remotePort;
    }

    private String serverText(String key) {
        Object v = server.get(key);
        return v == null ? "" : text(v);
    }

    private static PhpArray array(Object v) {
        return v instanceof PhpArray a ? a : new PhpArray();
    }

    private static String text(Object v) {
        return v instanceof PhpBytes ? new String(PhpBytes.bytesOf(v), StandardCharsets.UTF_8) : String.valueOf(v);
    }

    private static int parsePort(String s, int fallback) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
