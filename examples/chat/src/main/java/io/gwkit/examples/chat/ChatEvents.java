package io.gwkit.examples.chat;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.worker.EventContext;
import io.gwkit.worker.EventHandler;
import io.gwkit.worker.WebSocketRequest;
import io.gwkit.worker.WorkerContext;
import java.time.Duration;

/**
 * The worker side of the chat (the workerman-chat demo's {@code Events.php}): JSON text messages over websocket.
 *
 * <pre>
 * server → client after the handshake  {"type":"welcome","client_id":C,"uid":U}
 * {"type":"join","room":R}              R gets {"type":"joined","room":R,"uid":U}
 * {"type":"say","room":R,"text":T}      R gets {"type":"said","room":R,"uid":U,"text":T}
 * {"type":"whisper","to":U2,"text":T}   U2's clients get {"type":"whispered","from":U,"text":T}
 * {"type":"count","room":R}             the sender gets {"type":"count","room":R,"n":N}
 * {"type":"remind","ms":M,"text":T}     after M ms the sender gets {"type":"reminder","text":T}
 * a binary frame                        comes back as a binary frame with the same bytes
 * (close)                               each room in the session gets {"type":"left","room":R,"uid":U}
 * anything else                         the sender gets {"type":"error","message":...}
 * </pre>
 *
 * Runs in PHP's model (one event at a time per worker): nothing here blocks; the count query completes
 * asynchronously. The session holds {@code uid} and {@code rooms} (a list), as {@code $_SESSION} would.
 * Found by ServiceLoader ({@code META-INF/services/io.gwkit.worker.EventHandler}).
 */
public final class ChatEvents implements EventHandler {

    /** Longest reminder delay accepted (one hour). */
    static final long MAX_REMIND_MS = 3_600_000;

    /** For work that outlives an event (a timer, a query's answer): an EventContext is valid only during its event. */
    private volatile WorkerContext worker;

    @Override
    public void onWorkerStart(WorkerContext worker) {
        this.worker = worker;
    }

    @Override
    public void onWebSocketConnect(EventContext ctx, String clientId, WebSocketRequest request) {
        // ChatHooks put the uid into the session; a gateway without the hooks (a PHP one) did not: then the token
        Object seeded = ctx.session().get("uid");
        String uid = seeded instanceof String s ? s : ChatHooks.uidOf(request.queryParameter("token"));
        if (uid == null) {
            ctx.closeCurrentClient();
            return;
        }
        ctx.bindUid(clientId, uid);
        ctx.session().put("uid", uid);
        ctx.session().put("rooms", new PhpArray());
        ctx.sendToCurrentClient(json("type", "welcome", "client_id", clientId, "uid", uid));
    }

    @Override
    public void onMessage(EventContext ctx, String clientId, String message) {
        if (ctx.messageIsBinary()) {
            ctx.sendBinaryToCurrentClient(ctx.messageBytes());
            return;
        }
        Object uid = ctx.session().get("uid");
        PhpArray m;
        try {
            m = PhpJson.decode(message) instanceof PhpArray a ? a : null;
        } catch (RuntimeException e) {
            m = null;
        }
        if (uid == null || m == null) {
            error(ctx, uid == null ? "no handshake" : "not a JSON object");
            return;
        }
        String room = text(m.get("room"));
        String text = text(m.get("text"));
        switch (String.valueOf(m.get("type"))) {
            case "join" -> {
                if (room == null) {
                    error(ctx, "join needs a room");
                    return;
                }
                ctx.joinGroup(clientId, room);
                PhpArray rooms = rooms(ctx);
                if (!rooms.containsValue(room)) {
                    rooms.append(room);
                }
                ctx.sendToGroup(room, json("type", "joined", "room", room, "uid", uid));
            }
            case "say" -> {
                if (room == null || text == null) {
                    error(ctx, "say needs a room and a text");
                    return;
                }
                ctx.sendToGroup(room, json("type", "said", "room", room, "uid", uid, "text", text));
            }
            case "whisper" -> {
                String to = text(m.get("to"));
                if (to == null || text == null) {
                    error(ctx, "whisper needs to and text");
                    return;
                }
                ctx.sendToUid(to, json("type", "whispered", "from", uid, "text", text));
            }
            case "count" -> {
                if (room == null) {
                    error(ctx, "count needs a room");
                    return;
                }
                ctx.async().getClientIdCountByGroup(room).whenComplete((n, failure) -> worker.sendToClient(clientId,
                        failure != null ? json("type", "error", "message", "count failed")
                                : json("type", "count", "room", room, "n", n)));
            }
            case "remind" -> {
                long ms = m.get("ms") instanceof Number n ? n.longValue() : -1;
                if (ms < 1 || ms > MAX_REMIND_MS || text == null) {
                    error(ctx, "remind needs ms (1.." + MAX_REMIND_MS + ") and a text");
                    return;
                }
                ctx.addTimer(Duration.ofMillis(ms), false,
                        () -> worker.sendToClient(clientId, json("type", "reminder", "text", text)));
            }
            default -> error(ctx, "unknown type");
        }
    }

    @Override
    public void onClose(EventContext ctx, String clientId) {
        Object uid = ctx.session().get("uid");
        if (uid == null) {
            return;
        }
        for (Object room : rooms(ctx).values()) {
            ctx.sendToGroup(String.valueOf(room), json("type", "left", "room", room, "uid", uid));
        }
    }

    private static PhpArray rooms(EventContext ctx) {
        if (!(ctx.session().get("rooms") instanceof PhpArray rooms)) {
            PhpArray fresh = new PhpArray();
            ctx.session().put("rooms", fresh);
            return fresh;
        }
        return rooms;
    }

    private static void error(EventContext ctx, String message) {
        ctx.sendToCurrentClient(json("type", "error", "message", message));
    }

    /** A string field, or null when absent, empty or not a string. */
    private static String text(Object v) {
        return v instanceof String s && !s.isEmpty() ? s : null;
    }

    /** A JSON object of the given key/value pairs, in order. */
    static String json(Object... pairs) {
        PhpArray o = new PhpArray();
        for (int i = 0; i < pairs.length; i += 2) {
            o.put(pairs[i], pairs[i + 1]);
        }
        return PhpJson.encode(o);
    }
}
