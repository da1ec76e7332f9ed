package io.gwkit.torture;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Group 1, the gateway's inner port ({@code --inner}): lying headers, oversized frames, unknown commands, floods
 * of frames and connections, and (with a secret) requests without authentication.
 */
final class InnerPortCases {

    /** cmd 24 with ext "" = getAllClientCount: a harmless request with a short reply. */
    private static final int COUNT = 24;
    /** Above the 10 MiB frame limit of both PHP (maxPackageSize) and Java (GatewayFrameCodec). */
    private static final long OVER_LIMIT = 11L * 1024 * 1024;
    /** A connection id no gateway hands out early in a run. */
    private static final long NOBODY = 0xFFFF_FFF0L;

    private InnerPortCases() {
    }

    static List<TortureCase> all() {
        List<TortureCase> cases = new ArrayList<>();
        cases.add(TortureCase.of("1.1", "inner.pack-len-short", "header with pack_len 10 (< 28); expect close",
                ctx -> lyingHeader(ctx, 10, 0, "header pack_len=10")));
        cases.add(TortureCase.of("1.2", "inner.pack-len-zero", "header with pack_len 0; expect close",
                ctx -> lyingHeader(ctx, 0, 0, "header pack_len=0")));
        cases.add(TortureCase.of("1.3", "inner.pack-len-4gib", "header with pack_len 2^32-1; expect close",
                ctx -> lyingHeader(ctx, 0xFFFF_FFFFL, 0, "header pack_len=0xffffffff")));
        cases.add(TortureCase.of("1.4", "inner.ext-len-beyond-frame",
                "pack_len 32 but ext_len 1000 (ext beyond the frame); expect close", ctx -> {
                    RawConnection c = ctx.connectInner();
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    b.write(InnerFrames.header(32, 5, NOBODY, 1, 1000));
                    b.write(new byte[] {'a', 'b', 'c', 'd'});
                    c.write(b.toByteArray());
                    return Expect.closed(c, ctx.waitTime(), "frame pack_len=32 ext_len=1000");
                }));
        cases.add(TortureCase.of("1.5", "inner.oversize-declared", "header declaring 64 MiB, then silence; expect close",
                ctx -> lyingHeader(ctx, 64L * 1024 * 1024, 0, "header pack_len=64MiB")));
        cases.add(TortureCase.of("1.6", "inner.oversize-streamed",
                "header declaring 11 MiB (over 10 MiB) and the bytes streamed; expect close", ctx -> {
                    RawConnection c = ctx.connectInner();
                    c.write(InnerFrames.header(OVER_LIMIT, 5, NOBODY, 1, 0));
                    RawConnection.Streamed s = c.stream(new byte[64 * 1024], OVER_LIMIT - 28, Duration.ofSeconds(10));
                    String sent = "11 MiB frame, " + s.bytesSent() + " body bytes streamed"
                            + (s.stalled() ? " (stalled)" : "");
                    return s.peerClosed() ? Observation.handled("%s → closed by peer while streaming", sent)
                            : Expect.closed(c, ctx.waitTime(), sent);
                }));
        cases.add(TortureCase.of("1.7", "inner.unknown-commands",
                "frames with cmd 0, 2, 19, 99, 199, 255, then getAllClientCount; expect the reply (or a close)", ctx -> {
                    RawConnection c = ctx.connectInner();
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    for (int cmd : new int[] {0, 2, 19, 99, 199, 255}) {
                        b.write(InnerFrames.frame(cmd, NOBODY, "x"));
                    }
                    b.write(InnerFrames.frame(COUNT, 0, ""));
                    c.write(b.toByteArray());
                    byte[] reply = InnerFrames.readReply(c, ctx.waitTime());
                    return reply != null
                            ? Observation.handled("6 unknown cmds + count → reply %s", InnerFrames.shorten(reply))
                            : Expect.either(c, ctx.waitTime(), "6 unknown cmds + count → no reply");
                }));
        cases.add(TortureCase.of("1.8", "inner.pipelined-10000",
                "10 000 getAllClientCount frames pipelined on one connection; expect 10 000 replies", ctx -> {
                    RawConnection c = ctx.connectInner();
                    byte[] one = InnerFrames.frame(COUNT, 0, "");
                    int n = 10_000;
                    byte[] all = new byte[one.length * n];
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(one, 0, all, i * one.length, one.length);
                    }
                    c.write(all);
                    int replies = 0;
                    while (replies < n && InnerFrames.readReply(c, ctx.waitTime()) != null) {
                        replies++;
                    }
                    String sent = n + " pipelined frames";
                    if (replies == n) {
                        return Observation.handled("%s → %d replies", sent, replies);
                    }
                    return c.sawEof() ? Observation.handled("%s → %d replies, then closed (a limit)", sent, replies)
                            : Observation.mishandled("%s → only %d replies, connection open", sent, replies);
                }));
        cases.add(TortureCase.of("1.9", "inner.half-open",
                "10 bytes of a header, then FIN (half-close); expect close", ctx -> {
                    RawConnection c = ctx.connectInner();
                    c.write(new byte[] {0, 0, 0, 40, 5, 0, 0, 0, 0, 0});
                    c.shutdownOutput();
                    return Expect.closed(c, ctx.waitTime(), "10 header bytes + FIN");
                }));
        cases.add(TortureCase.of("1.10", "inner.idle-50",
                "50 idle inner connections held open during the health check", ctx -> {
                    for (int i = 0; i < 50; i++) {
                        ctx.connect(ctx.target().inner());
                    }
                    return Observation.handled("50 idle connections held");
                }));
        cases.add(TortureCase.of("1.11", "inner.connections-300",
                "300 simultaneous inner connections, each one getAllClientCount; expect 300 replies", ctx -> {
                    CaseContext.Crowd crowd = ctx.crowd(300, ctx::connectInner, InnerFrames.frame(COUNT, 0, ""));
                    int replies = 0;
                    for (RawConnection c : crowd.open()) {
                        if (InnerFrames.readReply(c, ctx.waitTime()) != null) {
                            replies++;
                        }
                    }
                    String what = String.format("300 connections (%d failed to open) → %d replies", crowd.failed(), replies);
                    return replies == 300 ? Observation.handled("%s", what) : Observation.mishandled("%s", what);
                }));
        cases.add(TortureCase.of("1.12", "inner.unauth-send-to-all",
                "sendToAll (cmd 6) as the first frame, no auth; expect close and no delivery", ctx -> {
                    RawConnection c = ctx.connect(ctx.target().inner());
                    String marker = ctx.marker("leak");
                    c.write(InnerFrames.message(6, 0, "", marker));
                    return unauthorised(ctx, c, marker, "cmd 6 without auth");
                }).needsSecret());
        cases.add(TortureCase.of("1.13", "inner.wrong-secret-send-to-all",
                "cmd 202 with a wrong key, then sendToAll; expect close and no delivery", ctx -> {
                    RawConnection c = ctx.connect(ctx.target().inner());
                    String marker = ctx.marker("leak");
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    b.write(InnerFrames.auth(ctx.target().secret() + "-wrong"));
                    b.write(InnerFrames.message(6, 0, "", marker));
                    c.write(b.toByteArray());
                    return unauthorised(ctx, c, marker, "cmd 202 wrong key + cmd 6");
                }).needsSecret());
        cases.add(TortureCase.of("1.14", "inner.unauth-read",
                "getAllClientCount / isOnline without auth; expect no reply", ctx -> {
                    RawConnection c = ctx.connect(ctx.target().inner());
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    b.write(InnerFrames.frame(COUNT, 0, ""));
                    b.write(InnerFrames.frame(11, 1, ""));
                    c.write(b.toByteArray());
                    byte[] reply = InnerFrames.readReply(c, ctx.waitTime());
                    return reply == null ? Observation.handled("cmd 24 + cmd 11 without auth → no reply%s",
                                    c.sawEof() ? ", closed" : "")
                            : Observation.mishandled("cmd 24 without auth → REPLIED %s (secret bypass)",
                                    InnerFrames.shorten(reply));
                }).needsSecret());
        return cases;
    }

    private static Observation lyingHeader(CaseContext ctx, long packLen, long extLen, String sent) throws Exception {
        RawConnection c = ctx.connectInner();
        c.write(InnerFrames.header(packLen, 5, NOBODY, 1, extLen));
        return Expect.closed(c, ctx.waitTime(), sent);
    }

    private static Observation unauthorised(CaseContext ctx, RawConnection c, String marker, String sent)
            throws InterruptedException {
        RawConnection.CloseWait w = c.awaitClose(ctx.waitTime());
        boolean leaked = ctx.bystander() != null && ctx.bystander().await(marker, Duration.ofSeconds(1)) >= 0;
        if (leaked) {
            return Observation.mishandled("%s → DELIVERED to the bystander (secret bypass), %s", sent, w.describe());
        }
        return w.closed() ? Observation.handled("%s → not delivered, %s", sent, w.describe())
                : Observation.mishandled("%s → not delivered but NOT closed (%s)", sent, w.describe());
    }
}
