package io.gwkit.torture;

import io.gwkit.protocol.GatewayFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Group 2, poisoned values through the inner port (what a GatewayClient could send): sessions holding objects,
 * scalars, garbage and deep nesting (2.1–2.11), then JSON arrays/objects where ext_data should hold strings
 * (2.12–2.18). A session case poisons a fresh text client ("victim") and then expects the victim's next message
 * to be echoed: the gateway and the worker must survive and keep serving exactly that client.
 */
final class PoisonedValueCases {

    private static final int UPDATE_SESSION = 9;
    private static final int SET_SESSION = 204;

    private PoisonedValueCases() {
    }

    static List<TortureCase> all() {
        List<TortureCase> cases = new ArrayList<>();
        session(cases, "2.1", "session.update-object", UPDATE_SESSION,
                "a:1:{s:1:\"o\";O:8:\"stdClass\":1:{s:1:\"a\";i:1;}}");
        session(cases, "2.2", "session.set-object", SET_SESSION, "O:8:\"stdClass\":1:{s:1:\"a\";i:1;}");
        session(cases, "2.3", "session.set-custom-object", SET_SESSION,
                "C:11:\"ArrayObject\":21:{x:i:0;a:0:{};m:a:0:{}}");
        session(cases, "2.4", "session.set-scalar", SET_SESSION, "i:42;");
        session(cases, "2.5", "session.update-scalar", UPDATE_SESSION, "s:3:\"abc\";");
        session(cases, "2.6", "session.set-garbage", SET_SESSION, "\u0000\u00ff{garbage;;s:99:\"");
        session(cases, "2.7", "session.update-garbage", UPDATE_SESSION, "a:9:{i:0;garbage");
        session(cases, "2.8", "session.set-depth-5000", SET_SESSION, nested(5_000));
        session(cases, "2.9", "session.set-depth-100000", SET_SESSION, nested(100_000));
        session(cases, "2.10", "session.update-depth-5000", UPDATE_SESSION, nested(5_000));
        session(cases, "2.11", "session.update-depth-100000", UPDATE_SESSION, nested(100_000));
        json(cases, "2.12", "json.send-to-uid-nested", 14, "[[\"u1\"],{\"a\":\"b\"}]", false);
        json(cases, "2.13", "json.batch-uid-nested", 16, "[[\"u1\"],{\"a\":\"b\"}]", true);
        json(cases, "2.14", "json.send-to-group-nested", 22, "{\"group\":[[\"g1\"],{\"a\":1}],\"exclude\":null}", false);
        json(cases, "2.15", "json.batch-group-count-nested", 28, "[[\"g1\"],{\"a\":1}]", true);
        json(cases, "2.16", "json.select-nested", 25,
                "{\"fields\":[[\"uid\"]],\"where\":{\"groups\":[[\"g1\"]],\"uid\":[{\"a\":1}],\"connection_id\":[[1]]}}", true);
        json(cases, "2.17", "json.send-to-all-nested", 6, "{\"connections\":[[1],{\"a\":1}],\"exclude\":{\"a\":[1]}}", false);
        json(cases, "2.18", "json.send-to-uid-depth-100000", 14, "[".repeat(100_000) + "]".repeat(100_000), false);
        return cases;
    }

    /** {@code a:1:{i:0;a:1:{i:0;…N;}…}}: an array nested {@code depth} levels deep. */
    static String nested(int depth) {
        return "a:1:{i:0;".repeat(depth) + "N;" + "}".repeat(depth);
    }

    private static void session(List<TortureCase> cases, String id, String name, int cmd, String value) {
        byte[] ext = value.getBytes(StandardCharsets.ISO_8859_1);
        String what = (cmd == SET_SESSION ? "SET_SESSION " : "UPDATE_SESSION ") + InnerFrames.shorten(ext);
        cases.add(TortureCase.of(id, name, what + " on a fresh client; expect that client still served", ctx -> {
            TextClient.Session victim = ctx.textClient();
            RawConnection c = ctx.connectInner();
            c.write(InnerFrames.frame(cmd, victim.connectionId(), GatewayFrame.FLAG_SCALAR, ext, new byte[0]));
            String ping = ctx.marker("victim");
            victim.connection().write((ping + "\n").getBytes(StandardCharsets.UTF_8));
            boolean echoed = TextClient.awaitLine(victim.connection(), "echo " + ping, ctx.waitTime().multipliedBy(2));
            return echoed ? Observation.handled("%s → victim still echoed", what)
                    : Observation.mishandled("%s → victim NOT served (%s)", what,
                            victim.connection().sawEof() ? "its connection was closed" : "no echo");
        }));
    }

    private static void json(List<TortureCase> cases, String id, String name, int cmd, String ext, boolean replies) {
        String what = "cmd " + cmd + " ext " + InnerFrames.shorten(ext.getBytes(StandardCharsets.UTF_8));
        String expect = replies ? "; expect a reply or a close, and the gateway to survive" : "; expect the gateway to survive";
        cases.add(TortureCase.of(id, name, what + expect, ctx -> {
            RawConnection c = ctx.connectInner();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(InnerFrames.message(cmd, 0, ext, replies ? "" : ctx.marker("nested")));
            c.write(b.toByteArray());
            if (replies) {
                byte[] reply = InnerFrames.readReply(c, ctx.waitTime());
                if (reply != null) {
                    return Observation.handled("%s → reply %s", what, InnerFrames.shorten(reply));
                }
                // Neither a reply nor a close: the requester waits until its own timeout.
                return Expect.closed(c, java.time.Duration.ofMillis(500), what + " → no reply");
            }
            return Expect.either(c, java.time.Duration.ofMillis(500), what);
        }));
    }
}
