package io.gwkit.examples.chat;

import io.gwkit.gateway.GatewayHooks;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * The gateway side of the chat (what a {@code start_gateway.php} would hold): the websocket handshake is checked
 * before the 101, so a client with a bad token never opens a socket.
 *
 * <ul>
 *   <li>{@code ?token=u-<uid>} with uid {@code [a-z0-9]{1,32}}, else HTTP 403;</li>
 *   <li>subprotocol {@value #SUBPROTOCOL} selected when offered; a client offering none connects too;</li>
 *   <li>the client's session starts as {@code ['uid' => <uid>]}.</li>
 * </ul>
 * Found by ServiceLoader ({@code META-INF/services/io.gwkit.gateway.GatewayHooks}).
 */
public final class ChatHooks implements GatewayHooks {

    /** The subprotocol the chat speaks. */
    public static final String SUBPROTOCOL = "gw.chat.v1";

    private static final Pattern TOKEN = Pattern.compile("u-([a-z0-9]{1,32})");

    @Override
    public CompletionStage<Handshake.Result> onWebSocketHandshake(Handshake handshake) {
        String uid = uidOf(handshake.query("token"));
        if (uid == null) {
            return Handshake.reject(403, "token must be u-<uid>, uid [a-z0-9]{1,32}\n");
        }
        return Handshake.accept()
                .subprotocol(handshake.offers(SUBPROTOCOL) ? SUBPROTOCOL : null)
                .session(Map.of("uid", uid)) // the worker finds it in the client's session from cmd 205 on
                .toStage();
    }

    /** The uid in a token {@code u-<uid>}, or null when the token is not one. */
    static String uidOf(String token) {
        var m = TOKEN.matcher(token == null ? "" : token);
        return m.matches() ? m.group(1) : null;
    }
}
