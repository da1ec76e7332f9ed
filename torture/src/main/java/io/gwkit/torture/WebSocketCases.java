package io.gwkit.torture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Group 5, the websocket listener ({@code --ws}): bad handshakes, frames that break RFC 6455 (unmasked, 2^62
 * bytes, reserved opcodes, invalid close codes), fragmentation, a ping flood and slowloris handshakes.
 */
final class WebSocketCases {

    private WebSocketCases() {
    }

    static List<TortureCase> all() {
        List<TortureCase> cases = new ArrayList<>();
        cases.add(badHandshake("5.1", "ws.no-upgrade-headers", "GET / HTTP/1.1\r\nHost: torture\r\n\r\n"));
        cases.add(badHandshake("5.2", "ws.not-http", "\u0016\u0003\u0001\u0000\u0005hello\r\n\r\n"));
        cases.add(badHandshake("5.3", "ws.bad-key",
                "GET / HTTP/1.1\r\nHost: torture\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: \r\n\r\n"));
        cases.add(ws("5.4", "ws.unmasked-frame", "an unmasked text frame; expect close, no echo", ctx -> {
            RawConnection c = welcomed(ctx);
            String m = ctx.marker("unmasked");
            c.write(WebSocketWire.frame(0x1, true, false, m.getBytes(StandardCharsets.UTF_8)));
            if (WebSocketWire.awaitText(c, "echo " + m, Duration.ofMillis(500))) {
                return Observation.mishandled("unmasked frame → ECHOED (RFC 6455 requires a close)");
            }
            return Expect.closed(c, ctx.waitTime(), "unmasked frame");
        }));
        cases.add(ws("5.5", "ws.length-2^62", "a frame declaring 2^62 payload bytes; expect close", ctx -> {
            RawConnection c = welcomed(ctx);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(WebSocketWire.header(0x1, true, true, 1L << 62));
            b.write("abcd".getBytes(StandardCharsets.US_ASCII));
            c.write(b.toByteArray());
            return Expect.closed(c, ctx.waitTime(), "frame length 2^62");
        }));
        cases.add(ws("5.6", "ws.oversize-streamed", "a frame of 11 MiB, streamed; expect close", ctx -> {
            RawConnection c = welcomed(ctx);
            long len = 11L * 1024 * 1024;
            c.write(WebSocketWire.header(0x2, true, true, len));
            RawConnection.Streamed s = c.stream(new byte[64 * 1024], len, Duration.ofSeconds(15));
            return s.peerClosed() ? Observation.handled("11 MiB frame → closed by peer after %d bytes", s.bytesSent())
                    : Expect.closed(c, ctx.waitTime(), "11 MiB frame" + (s.stalled() ? " (stalled)" : ""));
        }));
        cases.add(ws("5.7", "ws.reserved-opcode", "a frame with reserved opcode 0x3; expect close", ctx -> {
            RawConnection c = welcomed(ctx);
            c.write(WebSocketWire.frame(0x3, true, true, "x".getBytes(StandardCharsets.US_ASCII)));
            return Expect.closed(c, ctx.waitTime(), "opcode 0x3");
        }));
        cases.add(ws("5.8", "ws.fragmented", "one text message in three fragments; expect one echo of the whole", ctx -> {
            RawConnection c = welcomed(ctx);
            String m = ctx.marker("fragmented");
            int third = m.length() / 3;
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(WebSocketWire.frame(0x1, false, true, bytes(m.substring(0, third))));
            b.write(WebSocketWire.frame(0x0, false, true, bytes(m.substring(third, 2 * third))));
            b.write(WebSocketWire.frame(0x0, true, true, bytes(m.substring(2 * third))));
            c.write(b.toByteArray());
            return WebSocketWire.awaitText(c, "echo " + m, ctx.waitTime())
                    ? Observation.handled("3 fragments → one echo")
                    : Observation.mishandled("3 fragments → no echo of the whole message%s", c.sawEof() ? ", closed" : "");
        }));
        cases.add(ws("5.9", "ws.invalid-close-codes", "close frames with codes 999, 1005, 5000; expect each closed", ctx -> {
            StringBuilder d = new StringBuilder();
            boolean all = true;
            for (int code : new int[] {999, 1005, 5000}) {
                RawConnection c = welcomed(ctx);
                c.write(WebSocketWire.frame(0x8, true, true, ByteBuffer.allocate(2).putShort((short) code).array()));
                RawConnection.CloseWait w = c.awaitClose(ctx.waitTime());
                all &= w.closed();
                d.append(d.length() == 0 ? "" : ", ").append(code).append(w.closed() ? " closed" : " NOT closed");
            }
            return new Observation(all, "close codes → " + d);
        }));
        cases.add(ws("5.10", "ws.ping-flood", "10 000 pings pipelined, then a text frame; expect its echo (or a close)",
                ctx -> {
                    RawConnection c = welcomed(ctx);
                    byte[] ping = WebSocketWire.frame(0x9, true, true, "torture-ping-123".getBytes(StandardCharsets.US_ASCII));
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    for (int i = 0; i < 10_000; i++) {
                        b.write(ping);
                    }
                    String m = ctx.marker("afterping");
                    b.write(WebSocketWire.text(m));
                    c.write(b.toByteArray(), Duration.ofSeconds(15));
                    if (WebSocketWire.awaitText(c, "echo " + m, ctx.waitTime().multipliedBy(3))) {
                        return Observation.handled("10000 pings → still echoes");
                    }
                    return c.sawEof() ? Observation.handled("10000 pings → closed (a limit)")
                            : Observation.mishandled("10000 pings → no echo and NOT closed");
                }));
        cases.add(ws("5.11", "ws.slowloris-20",
                "20 handshakes dribbled 1 byte per 100 ms for 3 s, held open during the health check", ctx -> {
                    byte[] hs = WebSocketWire.handshake("torture", "/");
                    List<RawConnection> conns = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        conns.add(ctx.connect(ctx.target().ws()));
                    }
                    int closed = 0;
                    for (int i = 0; i < 30; i++) {
                        closed = 0;
                        for (RawConnection c : conns) {
                            try {
                                c.write(new byte[] {hs[i]}, Duration.ofSeconds(2));
                            } catch (java.io.IOException e) {
                                closed++;
                            }
                        }
                        Thread.sleep(100); // the point of the case is to be slow
                    }
                    return Observation.handled("20 slow handshakes (30 bytes in 3 s each), %d closed by peer", closed);
                }));
        return cases;
    }

    private static TortureCase ws(String id, String name, String description, TortureCase.Body body) {
        return TortureCase.of(id, name, description, body).needsWs();
    }

    private static TortureCase badHandshake(String id, String name, String request) {
        String shown = request.replaceAll("[^\\x20-\\x7e]", ".");
        return ws(id, name, "handshake " + shown + "; expect 400 or close, never 101", ctx -> {
            RawConnection c = ctx.connect(ctx.target().ws());
            c.write(request.getBytes(StandardCharsets.ISO_8859_1));
            String head = WebSocketWire.readResponseHead(c, ctx.waitTime());
            int status = WebSocketWire.status(head);
            if (status == 101) {
                return Observation.mishandled("bad handshake → 101 Switching Protocols");
            }
            RawConnection.CloseWait w = c.awaitClose(ctx.waitTime());
            String answer = status > 0 ? "HTTP " + status : head == null ? "no answer" : "non-HTTP answer";
            return w.closed() || (status >= 400 && status < 500)
                    ? Observation.handled("bad handshake → %s, %s", answer, w.describe())
                    : Observation.mishandled("bad handshake → %s, NOT closed", answer);
        });
    }

    /** A websocket client past the handshake and the demo app's welcome. */
    private static RawConnection welcomed(CaseContext ctx) throws Exception {
        RawConnection c = ctx.wsClient();
        if (!WebSocketWire.awaitWelcome(c, ctx.waitTime())) {
            throw new java.io.IOException("no welcome after the handshake");
        }
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
