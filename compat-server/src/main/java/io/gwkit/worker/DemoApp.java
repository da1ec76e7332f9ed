package io.gwkit.worker;

import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpBytes;
import io.gwkit.php.PhpJson;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The conformance app of the capture format (docs/CAPTURE-FORMAT.md), byte for byte what the PHP peer's
 * {@code Events.php} does, but for one thing: {@code say} keeps its whole text where the peer keeps the first
 * word (no capture says more than one word). It works on the message bytes, so binary messages echo exactly.
 *
 * <ul>
 *   <li>connect: {@code {"type":"welcome","client_id":"<id>"}} to the client;</li>
 *   <li>{@code bind U} / {@code join G} / {@code leave G}: the command, then {@code bound U} / {@code joined G} /
 *       {@code left G};</li>
 *   <li>{@code sess K V}: {@code $_SESSION[K] = V}, reply {@code sess ok};</li>
 *   <li>{@code say TEXT}: {@code "<id> said TEXT"} to everyone;</li>
 *   <li>anything else: {@code echo <message>};</li>
 *   <li>close: {@code {"type":"logout","client_id":"<id>"}} to everyone.</li>
 * </ul>
 */
public class DemoApp implements EventHandler {

    @Override
    public void onConnect(EventContext ctx, String clientId) {
        ctx.sendToClient(clientId, event("welcome", clientId));
    }

    @Override
    public void onMessage(EventContext ctx, String clientId, String message) {
        byte[] raw = ctx.messageBytes();
        byte[] trimmed = trim(raw);
        List<byte[]> parts = explode3(trimmed);
        byte[] arg1 = parts.size() > 1 ? parts.get(1) : new byte[0];
        switch (new String(parts.get(0), StandardCharsets.ISO_8859_1)) {
            case "bind":
                ctx.bindUid(clientId, utf8(arg1));
                ctx.sendToCurrentClient(concat("bound ", arg1), false);
                break;
            case "join":
                ctx.joinGroup(clientId, utf8(arg1));
                ctx.sendToCurrentClient(concat("joined ", arg1), false);
                break;
            case "leave":
                ctx.leaveGroup(clientId, utf8(arg1));
                ctx.sendToCurrentClient(concat("left ", arg1), false);
                break;
            case "sess":
                byte[] value = parts.size() > 2 ? parts.get(2) : new byte[0];
                ctx.session().put(phpString(arg1), phpString(value));
                ctx.sendToCurrentClient("sess ok");
                break;
            case "say": // the whole text after "say ", spaces included
                byte[] text = parts.size() > 1 ? Arrays.copyOfRange(trimmed, 4, trimmed.length) : arg1;
                ctx.sendToAll(concat(clientId + " said ", text));
                break;
            default:
                ctx.sendToCurrentClient(concat("echo ", raw), false);
        }
    }

    @Override
    public void onClose(EventContext ctx, String clientId) {
        ctx.sendToAll(event("logout", clientId));
    }

    private static String event(String type, String clientId) {
        PhpArray json = new PhpArray();
        json.put("type", type);
        json.put("client_id", clientId);
        return PhpJson.encode(json);
    }

    /** PHP trim(): strips " \t\n\r\0\x0B" from both ends. */
    static byte[] trim(byte[] s) {
        int from = 0;
        int to = s.length;
        while (from < to && isTrimmed(s[from])) {
            from++;
        }
        while (to > from && isTrimmed(s[to - 1])) {
            to--;
        }
        return Arrays.copyOfRange(s, from, to);
    }

    private static boolean isTrimmed(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0 || b == 0x0B;
    }

    /** PHP explode(' ', s, 3). */
    static List<byte[]> explode3(byte[] s) {
        List<byte[]> parts = new ArrayList<>(3);
        int start = 0;
        for (int i = 0; i < s.length && parts.size() < 2; i++) {
            if (s[i] == ' ') {
                parts.add(Arrays.copyOfRange(s, start, i));
                start = i + 1;
            }
        }
        parts.add(Arrays.copyOfRange(s, start, s.length));
        return parts;
    }

    private static byte[] concat(String prefix, byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(rest);
        return out.toByteArray();
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A PHP string value for the bytes: String when valid UTF-8, PhpBytes otherwise. */
    private static Object phpString(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return new PhpBytes(b);
        }
    }
}
