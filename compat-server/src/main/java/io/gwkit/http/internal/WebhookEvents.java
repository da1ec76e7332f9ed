package io.gwkit.http.internal;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.php.PhpStrings;
import io.gwkit.worker.EventContext;
import java.util.Base64;

/** The JSON body of one webhook event (docs/HTTP.md). */
public final class WebhookEvents {

    private WebhookEvents() {
    }

    /**
     * The event as JSON, in PHP's json_encode spelling, with {@code session} (and {@code data}) always an
     * object; null when a value cannot be written as JSON (a session string that is not UTF-8).
     */
    public static String json(EventContext ctx, String event, String message, PhpArray data) {
        try {
            StringBuilder sb = new StringBuilder(256)
                    .append("{\"event\":").append(PhpJson.encode(event))
                    .append(",\"client_id\":").append(PhpJson.encode(ctx.clientId()));
            if (message != null) {
                sb.append(",\"message\":").append(PhpJson.encode(message));
                byte[] exact = ctx.messageBytes();
                if (!PhpStrings.isValidUtf8(exact)) { // "message" had to replace bytes: give the exact ones too
                    sb.append(",\"message_base64\":\"").append(Base64.getEncoder().encodeToString(exact)).append('"');
                }
            }
            if (data != null) {
                sb.append(",\"data\":").append(object(data));
            }
            return sb.append(",\"session\":").append(object(ctx.session()))
                    .append(",\"client_ip\":").append(PhpJson.encode(ctx.clientIp()))
                    .append(",\"client_port\":").append(ctx.clientPort())
                    .append(",\"gateway\":").append(PhpJson.encode(ctx.gatewayAddress()))
                    .append(",\"gateway_port\":").append(ctx.gatewayPort())
                    .append(",\"worker\":").append(PhpJson.encode(ctx.workerName() + ":" + ctx.workerIndex()))
                    .append('}').toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** PHP prints an empty array as {@code []}; a web app expects the session to be an object. */
    private static String object(PhpArray array) {
        return array.isEmpty() ? "{}" : PhpJson.encode(array);
    }
}
