package io.gwkit.http.internal;

import io.gwkit.client.PhpMethod;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.php.PhpJson;
import io.gwkit.worker.EventContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out the {@code actions} of a web app's answer to one event, in order. */
public final class WebhookActions {

    private static final Logger log = LoggerFactory.getLogger(WebhookActions.class);

    private WebhookActions() {
    }

    /**
     * Performs every action of {@code answer} for the event's client. An empty answer has none; a malformed
     * answer or a failing action is logged with the client_id, and the following actions still run.
     */
    public static void perform(EventContext ctx, String event, byte[] answer) {
        if (answer.length == 0 || isBlank(answer)) {
            return;
        }
        Object actions;
        try {
            Object decoded = PhpJson.decode(answer);
            actions = decoded instanceof PhpArray ? ((PhpArray) decoded).get("actions") : null;
        } catch (RuntimeException e) {
            log.warn("webhook answer to {} of {} is not JSON, no actions taken: {}", event, ctx.clientId(),
                    e.getMessage());
            return;
        }
        if (actions == null) {
            return;
        }
        if (!(actions instanceof PhpArray)) {
            log.warn("webhook answer to {} of {}: 'actions' is not a list, no actions taken", event, ctx.clientId());
            return;
        }
        int index = 0;
        for (Object action : ((PhpArray) actions).values()) {
            try {
                if (!(action instanceof PhpArray)) {
                    throw new IllegalArgumentException("an action must be an object with an 'op'");
                }
                performOne(ctx, (PhpArray) action);
            } catch (RuntimeException e) {
                log.warn("webhook action #{} for {} of {} failed: {}", index, event, ctx.clientId(), e.toString());
            }
            index++;
        }
    }

    private static void performOne(EventContext ctx, PhpArray action) {
        Object op = action.get("op");
        if (!(op instanceof String)) {
            throw new IllegalArgumentException("an action needs a string 'op'");
        }
        PhpArray args = action.deepCopy();
        args.remove("op");
        switch ((String) op) {
            case "sendToCurrentClient":
                only(args, "sendToCurrentClient", "message", "raw");
                ctx.sendToCurrentClient(bytes(args.get("message"), "message"), truthy(args.get("raw")));
                return;
            case "closeCurrentClient":
                only(args, "closeCurrentClient", "message");
                Object message = args.get("message");
                ctx.closeCurrentClient(message == null ? null : text(message));
                return;
            case "destroyCurrentClient":
            case "destoryCurrentClient":
                only(args, (String) op);
                ctx.destroyCurrentClient();
                return;
            default:
                PhpMethod method = PhpMethod.find((String) op);
                if (method == null) {
                    throw new IllegalArgumentException("unknown op " + op);
                }
                List<Object> positional = NamedArguments.positional(method, args, ctx.clientId());
                ctx.blocking().invoke(method, positional);
        }
    }

    private static void only(PhpArray args, String op, String... allowed) {
        for (Object key : args.keySet()) {
            if (!List.of(allowed).contains(key)) {
                throw new IllegalArgumentException("unknown argument '" + key + "' for op " + op);
            }
        }
    }

    private static byte[] bytes(Object value, String name) {
        if (value instanceof String || value instanceof PhpBytes) {
            return PhpBytes.bytesOf(value);
        }
        throw new IllegalArgumentException("'" + name + "' must be a string");
    }

    private static String text(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException("'message' must be a string");
    }

    private static boolean truthy(Object value) {
        return value != null && !Boolean.FALSE.equals(value) && !Long.valueOf(0).equals(value);
    }

    private static boolean isBlank(byte[] answer) {
        for (byte b : answer) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
