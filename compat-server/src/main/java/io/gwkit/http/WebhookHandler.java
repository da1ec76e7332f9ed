package io.gwkit.http;

import io.gwkit.http.internal.WebhookActions;
import io.gwkit.http.internal.WebhookEvents;
import io.gwkit.php.PhpArray;
import io.gwkit.worker.EventContext;
import io.gwkit.worker.EventHandler;
import io.gwkit.worker.WebSocketRequest;
import io.gwkit.worker.WorkerContext;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BusinessWorker handler that forwards every client event to a web application: each event is POSTed as
 * JSON to one URL, and the actions in the response (sendToCurrentClient, bindUid, joinGroup, setSession, any
 * GatewayClient method) are carried out in order. The JSON shapes are in docs/HTTP.md.
 *
 * <p>The POST happens inside the worker's handler call, so a client's events reach the web app one at a
 * time and in order, and its actions run before its next event. At most {@code maxConcurrentRequests}
 * POSTs are in flight per handler. Connection failures and 5xx answers are retried with exponential
 * backoff; a 4xx answer is not. An event that could not be delivered is logged (at ERROR, with its
 * client_id) and reported to the {@link LostEventListener}; the worker carries on with the next event.
 *
 * <p>Authenticated both ways with the shared secret (required): each POST carries {@link #EVENT_ID_HEADER} (one
 * random id per event, the same on retries), {@link #TIMESTAMP_HEADER} (Unix seconds) and {@link #SIGNATURE_HEADER},
 * {@code sha256=} and the hex HMAC-SHA256 of {@code timestamp + "." + eventId + "." + body}
 * ({@link #signature(String, String, String, byte[])}). Receivers reject a timestamp more than
 * {@link #MAX_CLOCK_SKEW} away from their clock and an event id they have seen within that window. An answer with
 * a body must be signed the same way (its own timestamp, the request's event id, its body) or its actions are not
 * run. The URL must be https unless it is on loopback or {@link Builder#allowInsecureHttp} says otherwise.
 */
public final class WebhookHandler implements EventHandler {

    /** Header carrying {@code sha256=<hex HMAC-SHA256 of timestamp.eventId.body>}, on requests and answers. */
    public static final String SIGNATURE_HEADER = "X-Gw-Signature";
    /** Header carrying the event's random id (the same on every attempt): receivers drop ids seen before. */
    public static final String EVENT_ID_HEADER = "X-Gw-Event-Id";
    /** Header carrying the signing time in Unix seconds, on requests and answers. */
    public static final String TIMESTAMP_HEADER = "X-Gw-Timestamp";
    /** Largest accepted distance between a signed timestamp and the receiver's clock. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Header carrying the event name ({@code connect}, {@code message}, ...). */
    public static final String EVENT_HEADER = "X-Gw-Event";

    private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final long MAX_RESPONSE_BYTES = 1 << 20;

    /** Told about every event that did not reach the web app, after the last attempt. */
    @FunctionalInterface
    public interface LostEventListener {
        void lost(String event, String clientId, String reason);
    }

    private final HttpUrl url;
    private final String secret;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final Semaphore inFlight;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final LostEventListener lostListener;

    private WebhookHandler(Builder b) {
        this.url = Objects.requireNonNull(b.url, "url");
        this.secret = b.secret;
        this.ownsHttp = b.http == null;
        this.http = b.http != null ? b.http : defaultHttpClient(b.timeout);
        this.inFlight = new Semaphore(b.maxConcurrentRequests);
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.lostListener = b.lostListener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * An OkHttp client suited to webhooks: {@code timeout} for connect and read and for the whole call (a web app
     * that answers byte by byte cannot hold a worker longer), no silent retries (this handler decides what is
     * retried), no redirects (a 3xx is a refusal, like a 4xx). Share one between the handlers of several workers.
     */
    public static OkHttpClient defaultHttpClient(Duration timeout) {
        return new OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout)
                .retryOnConnectionFailure(false)
                .followRedirects(false) // a redirected POST would become a GET without the event
                .build();
    }

    /**
     * The value of {@link #SIGNATURE_HEADER}: {@code sha256=} and the hex HMAC-SHA256 under {@code secret} of
     * {@code timestamp + "." + eventId + "." + body}.
     */
    public static String signature(String secret, String timestamp, String eventId, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + "." + eventId + ".").getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder("sha256=");
            for (byte b : mac.doFinal(body)) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Whether {@code signatureHeader} signs {@code body} for {@code eventId} at {@code timestamp}, and that time is
     * within {@link #MAX_CLOCK_SKEW} of now (what a receiver checks; it also drops event ids seen before).
     */
    public static boolean verify(String secret, String timestamp, String eventId, byte[] body, String signatureHeader) {
        if (timestamp == null || eventId == null || signatureHeader == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(Instant.now().getEpochSecond() - seconds) > MAX_CLOCK_SKEW.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(signature(secret, timestamp, eventId, body).getBytes(StandardCharsets.UTF_8),
                signatureHeader.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onConnect(EventContext ctx, String clientId) {
        deliver(ctx, "connect", WebhookEvents.json(ctx, "connect", null, null));
    }

    @Override
    public void onMessage(EventContext ctx, String clientId, String message) {
        deliver(ctx, "message", WebhookEvents.json(ctx, "message", message, null));
    }

    @Override
    public void onClose(EventContext ctx, String clientId) {
        deliver(ctx, "close", WebhookEvents.json(ctx, "close", null, null));
    }

    @Override
    public void onWebSocketConnect(EventContext ctx, String clientId, WebSocketRequest request) {
        deliver(ctx, "websocket-connect", WebhookEvents.json(ctx, "websocket-connect", null, request.phpData()));
    }

    @Override
    public void onWorkerStop(WorkerContext worker) {
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private void deliver(EventContext ctx, String event, String json) {
        if (json == null) {
            lost(event, ctx.clientId(), "the event cannot be written as JSON");
            return;
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String eventId = UUID.randomUUID().toString();
        String failure = null;
        long backoff = initialBackoff.toMillis();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                inFlight.acquire();
                byte[] answer;
                int code;
                String answerTimestamp;
                String answerSignature;
                try (Response response = http.newCall(request(event, eventId, body)).execute()) {
                    code = response.code();
                    answer = response.isSuccessful() ? response.peekBody(MAX_RESPONSE_BYTES).bytes() : null;
                    answerTimestamp = response.header(TIMESTAMP_HEADER);
                    answerSignature = response.header(SIGNATURE_HEADER);
                } finally {
                    inFlight.release();
                }
                if (answer != null) {
                    if (answer.length > 0 && !verify(secret, answerTimestamp, eventId, answer, answerSignature)) {
                        lost(event, ctx.clientId(), "the answer's " + SIGNATURE_HEADER + " is missing, wrong or "
                                + "stale: its actions are not run (not retried)");
                        return;
                    }
                    WebhookActions.perform(ctx, event, answer);
                    return;
                }
                failure = "HTTP " + code;
                if (code < 500) {
                    lost(event, ctx.clientId(), failure + " (not retried)");
                    return;
                }
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    lost(event, ctx.clientId(), "interrupted (worker stopping)");
                    return;
                }
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lost(event, ctx.clientId(), "interrupted");
                return;
            }
            if (attempt < maxAttempts) {
                log.debug("webhook {} for {} failed ({}), attempt {} of {}", event, ctx.clientId(), failure, attempt,
                        maxAttempts);
                try {
                    Thread.sleep(backoff); // the client's next events wait too: that keeps them in order
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = Math.min(backoff * 2, maxBackoff.toMillis());
            }
        }
        lost(event, ctx.clientId(), failure + " after " + maxAttempts + " attempts");
    }

    /** One attempt's request, signed now. */
    private Request request(String event, String eventId, byte[] body) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return new Request.Builder().url(url)
                .header(EVENT_HEADER, event)
                .header(EVENT_ID_HEADER, eventId)
                .header(TIMESTAMP_HEADER, timestamp)
                .header(SIGNATURE_HEADER, signature(secret, timestamp, eventId, body))
                .post(RequestBody.create(body, JSON))
                .build();
    }

    private void lost(String event, String clientId, String reason) {
        log.error("webhook event lost: event={} client_id={} url={}: {}", event, clientId, url.redact(), reason);
        if (lostListener != null) {
            lostListener.lost(event, clientId, reason);
        }
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            return NetUtil.createInetAddressFromIpAddressString(host).isLoopbackAddress();
        }
        return false;
    }

    public static final class Builder {
        private HttpUrl url;
        private String secret;
        private OkHttpClient http;
        private Duration timeout = Duration.ofSeconds(10);
        private int maxConcurrentRequests = 16;
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private LostEventListener lostListener;
        private boolean allowInsecureHttp;

        private Builder() {
        }

        /** The web app's endpoint: https, or http on loopback, or any http with {@link #allowInsecureHttp}. */
        public Builder url(String url) {
            this.url = HttpUrl.get(url);
            return this;
        }

        /**
         * Allows a plain-http URL off loopback (default false: {@link #build} refuses): events, client_ids and
         * sessions then cross the network readable and alterable (the signature still detects alteration).
         */
        public Builder allowInsecureHttp(boolean allow) {
            this.allowInsecureHttp = allow;
            return this;
        }

        /** The shared key that signs requests and answers (required; see the class description). */
        public Builder secret(String secret) {
            this.secret = secret == null || secret.isEmpty() ? null : secret;
            return this;
        }

        /** A shared OkHttp client (its timeouts apply); default: {@link #defaultHttpClient} with {@link #timeout}. */
        public Builder httpClient(OkHttpClient http) {
            this.http = http;
            return this;
        }

        /** Connect/read/write timeout of the default OkHttp client. Default 10 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** POSTs in flight at once from this handler. Default 16. */
        public Builder maxConcurrentRequests(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxConcurrentRequests must be positive: " + n);
            }
            this.maxConcurrentRequests = n;
            return this;
        }

        /** Attempts per event, the first included. Default 4. */
        public Builder maxAttempts(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxAttempts must be positive: " + n);
            }
            this.maxAttempts = n;
            return this;
        }

        /** Wait before the first retry, doubled for each next one up to {@code max}. Default 200 ms, 5 s. */
        public Builder backoff(Duration initial, Duration max) {
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff: need 0 <= initial <= max, got " + initial + ", " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        public Builder lostEventListener(LostEventListener listener) {
            this.lostListener = listener;
            return this;
        }

        /** @throws IllegalStateException no url, no secret, or plain http off loopback without allowInsecureHttp */
        public WebhookHandler build() {
            if (url == null) {
                throw new IllegalStateException("the webhook needs a url");
            }
            if (secret == null) {
                throw new IllegalStateException("the webhook needs a secret (--webhook-secret or GW_WEBHOOK_SECRET): "
                        + "it signs the events and authenticates the web app's answers");
            }
            if (!url.isHttps() && !allowInsecureHttp && !isLoopback(url.host())) {
                throw new IllegalStateException("the webhook URL must be https (or http on loopback); allow plain "
                        + "http with --webhook-allow-http");
            }
            return new WebhookHandler(this);
        }
    }
}
