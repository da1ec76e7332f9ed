package io.gwkit.gateway;

import io.gwkit.php.PhpArray;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Java side of a {@code start_gateway.php}: callbacks a gateway runs at the points PHP's {@code Gateway}
 * offers ({@code onWorkerStart}, {@code onConnect}, {@code router} …), plus a websocket handshake hook that runs
 * before the 101 is sent. Every method has a do-nothing default; implement the ones you need and pass the object
 * to {@link GatewayServer.Builder#hooks}, or name the class with {@code gw gateway --hooks}, or list it in
 * {@code META-INF/services/io.gwkit.gateway.GatewayHooks} of a jar on {@code --classpath}.
 *
 * <p>Threads: {@link #onWebSocketHandshake} runs on the client's thread and must not block: return an
 * unfinished stage and complete it later (a token lookup, say); it is answered when the stage completes, or with
 * 503 after {@link GatewayServer.Builder#hookTimeout}. Every other callback runs on the thread of the shard
 * ({@link GatewayServer.Builder#count}) its client or worker connection belongs to, one at a time per shard, in
 * event order, and must return quickly: with {@code count} above 1 one hooks object is called from several threads
 * at once, so state shared between its callbacks needs to be thread-safe. {@link #onWorkerStart} and
 * {@link #onWorkerStop} run once per gateway (on shard 0), not once per shard as PHP's run once per process. A callback that throws (or a handshake stage that fails or
 * times out) is logged and counted ({@link GatewayStats#hookFailures()}); a failed handshake is answered 500/503 and
 * closes that one connection, other failures change nothing.
 *
 * <pre>{@code
 * GatewayHooks hooks = new GatewayHooks() {
 *     public CompletionStage<Handshake.Result> onWebSocketHandshake(Handshake h) {
 *         if (!h.query("token").startsWith("u-")) {
 *             return Handshake.reject(403, "bad token");
 *         }
 *         return Handshake.accept().subprotocol(h.offers("gw.chat.v1") ? "gw.chat.v1" : null).toStage();
 *     }
 * };
 * }</pre>
 */
public interface GatewayHooks {

    /** Hooks that do nothing: what a gateway without hooks runs. */
    GatewayHooks NONE = new GatewayHooks() {
    };

    /** The gateway is listening (after its listeners and inner port are bound), PHP's {@code onWorkerStart}. */
    default void onWorkerStart(GatewayServer gateway) {
    }

    /** The gateway is stopping (its clients are still connected), PHP's {@code onWorkerStop}. */
    default void onWorkerStop(GatewayServer gateway) {
    }

    /**
     * A client connected, PHP's {@code onConnect}; for a websocket client this is before its handshake. The
     * client's frame type may be chosen here.
     */
    default void onConnect(Client client) {
    }

    /** A client's connection is gone, PHP's {@code onClose}. */
    default void onClose(Client client) {
    }

    /**
     * A BusinessWorker authenticated (cmd 200), PHP's {@code onBusinessWorkerConnected}. {@code workerKey} is the
     * gateway's key for it, {@code <worker ip>:<worker_key>} (e.g. {@code 127.0.0.1:ChatWorker:0}), as in
     * {@link #route}.
     */
    default void onBusinessWorkerConnected(String workerKey, InetSocketAddress address) {
    }

    /** A connected BusinessWorker is gone, PHP's {@code onBusinessWorkerClose}. */
    default void onBusinessWorkerClosed(String workerKey, InetSocketAddress address) {
    }

    /**
     * Decides a websocket upgrade before anything is answered: accept (optionally choosing a subprotocol, adding
     * response headers, seeding the session, choosing binary frames) or reject with a status and body. The default
     * accepts with nothing added, which answers byte for byte as Workerman does.
     */
    default CompletionStage<Handshake.Result> onWebSocketHandshake(Handshake handshake) {
        return Handshake.ACCEPT;
    }

    /** A websocket client sent a ping (already answered with a pong carrying {@code payload}). */
    default void onWebSocketPing(Client client, byte[] payload) {
    }

    /** A websocket client sent a pong. */
    default void onWebSocketPong(Client client, byte[] payload) {
    }

    /**
     * PHP's {@code $gateway->router}: the key of the worker (one of {@code workerKeys}) that {@code client}'s events
     * go to, asked when the client has none yet or its worker left. Null (the default) uses the builder's
     * {@link Router}; a key not in {@code workerKeys} is a hook failure and falls back to it too.
     */
    default String route(Client client, Set<String> workerKeys) {
        return null;
    }

    /** How messages to a websocket client are framed (Workerman's {@code $connection->websocketType}). */
    enum FrameType {
        /** opcode 0x1, Workerman's default */
        TEXT,
        /** opcode 0x2 ({@code BINARY_TYPE_ARRAYBUFFER}) */
        BINARY
    }

    /**
     * One client connection, as hooks see it. Only valid on the state thread, during the callback it was passed to.
     */
    interface Client {
        /** The gateway-local connection id (the last 8 hex digits of the client_id). */
        long connectionId();

        /** The 20-hex-digit client_id workers know this client by. */
        String clientId();

        /** The client's address (null only on test channels without one). */
        InetSocketAddress remoteAddress();

        /** The listener the client connected to. */
        Listener listener();

        /** Frame type of messages to this websocket client when the sender does not choose (text by default). */
        FrameType frameType();

        /** Sets {@link #frameType()}; no effect on other protocols. */
        void frameType(FrameType type);

        /** Closes the connection, dropping what is not yet sent. */
        void close();
    }

    /**
     * A websocket upgrade request, seen before anything is answered. Names of headers are matched without case.
     *
     * @param method        request method (anything but {@code GET} never reaches the hook)
     * @param path          request path, without the query
     * @param query         raw query string, without {@code ?}; empty if none
     * @param headers       every header line in order, name as sent
     * @param remoteAddress the client's address
     * @param listener      the listener the client connected to
     */
    record Handshake(String method, String path, String query, List<Map.Entry<String, String>> headers,
                     InetSocketAddress remoteAddress, Listener listener) {

        /** Accept with nothing added (a completed stage). */
        public static final CompletionStage<Result> ACCEPT = CompletableFuture.completedStage(Result.accept());

        public Handshake {
            Objects.requireNonNull(method);
            Objects.requireNonNull(path);
            Objects.requireNonNull(query);
            headers = List.copyOf(headers);
        }

        /** First value of header {@code name}, or null. */
        public String header(String name) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        /** First value of query parameter {@code name} (percent-decoded, UTF-8), or "" if absent. */
        public String query(String name) {
            List<String> values = queryParameters().get(name);
            return values == null ? "" : values.get(0);
        }

        /** Query parameters in order, percent-decoded as UTF-8 ({@code +} is a space). */
        public Map<String, List<String>> queryParameters() {
            Map<String, List<String>> params = new LinkedHashMap<>();
            if (query.isEmpty()) {
                return params;
            }
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
            return params;
        }

        /** The subprotocols the client offers ({@code Sec-WebSocket-Protocol}), in its order. */
        public List<String> subprotocols() {
            List<String> offered = new ArrayList<>();
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase("Sec-WebSocket-Protocol")) {
                    for (String p : h.getValue().split(",")) {
                        if (!p.isBlank()) {
                            offered.add(p.trim());
                        }
                    }
                }
            }
            return Collections.unmodifiableList(offered);
        }

        /** Whether the client offers subprotocol {@code name}. */
        public boolean offers(String name) {
            return subprotocols().contains(name);
        }

        private static String decode(String s) {
            try {
                return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return s; // a stray '%': as sent
            }
        }

        /** Accept with nothing added; chain {@link Result#subprotocol} etc. to add. */
        public static Result accept() {
            return Result.accept();
        }

        /** Reject with {@code status} (300–599) and a plain-text {@code body}, as a completed stage. */
        public static CompletionStage<Result> reject(int status, String body) {
            return CompletableFuture.completedStage(Result.reject(status, body));
        }

        /**
         * What a handshake hook decided. Immutable: each method returns a changed copy.
         *
         * @param status      101 to accept, else the rejecting HTTP status
         * @param body        rejection body (UTF-8 text), empty when accepting
         * @param subprotocol the offered subprotocol chosen, or null
         * @param headers     response headers added after the standard ones, in order
         * @param session     the client's first session (workers see it from cmd 205 on), or null
         * @param frameType   how messages to this client are framed, or null to keep the connection's
         */
        public record Result(int status, String body, String subprotocol, List<Map.Entry<String, String>> headers,
                             PhpArray session, FrameType frameType) {

            public Result {
                if (status != 101 && (status < 300 || status > 599)) {
                    throw new IllegalArgumentException("handshake status must be 101 or 300..599: " + status);
                }
                Objects.requireNonNull(body);
                headers = List.copyOf(headers);
                for (Map.Entry<String, String> h : headers) {
                    checkToken(h.getKey());
                    checkValue(h.getValue());
                }
                if (subprotocol != null) {
                    checkToken(subprotocol);
                }
            }

            public static Result accept() {
                return new Result(101, "", null, List.of(), null, null);
            }

            public static Result reject(int status, String body) {
                if (status == 101) {
                    throw new IllegalArgumentException("a rejection needs a status of 300..599");
                }
                return new Result(status, body, null, List.of(), null, null);
            }

            public boolean accepted() {
                return status == 101;
            }

            /** Chooses one of the offered subprotocols (null: none). Choosing one not offered fails the handshake. */
            public Result subprotocol(String name) {
                return new Result(status, body, name, headers, session, frameType);
            }

            /** Adds a response header (name a token, value without CR/LF). */
            public Result header(String name, String value) {
                List<Map.Entry<String, String>> more = new ArrayList<>(headers);
                more.add(Map.entry(name, value));
                return new Result(status, body, subprotocol, more, session, frameType);
            }

            /** Seeds the client's session: workers get it with cmd 205 and every later event. */
            public Result session(Map<?, ?> session) {
                return new Result(status, body, subprotocol, headers, PhpArray.of(session), frameType);
            }

            /** Frames messages to this client as {@code type} (unless a sender chooses per message). */
            public Result frameType(FrameType type) {
                return new Result(status, body, subprotocol, headers, session, type);
            }

            /** This result as a completed stage, for returning from a synchronous hook. */
            public CompletionStage<Result> toStage() {
                return CompletableFuture.completedStage(this);
            }

            private static void checkToken(String s) {
                if (s.isEmpty() || !s.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                    throw new IllegalArgumentException("not an HTTP token: \"" + s + "\"");
                }
            }

            private static void checkValue(String s) {
                if (s.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0 || c > 0xff)) {
                    throw new IllegalArgumentException("HTTP header value with CR, LF, NUL or a character above U+00FF");
                }
            }
        }
    }
}
