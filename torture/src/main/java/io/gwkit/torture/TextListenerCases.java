package io.gwkit.torture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Group 4, the text listener ({@code --text}): huge lines, invalid UTF-8, connect/close churn. */
final class TextListenerCases {

    private TextListenerCases() {
    }

    static List<TortureCase> all() {
        List<TortureCase> cases = new ArrayList<>();
        cases.add(TortureCase.of("4.1", "text.line-2mb",
                "2 MB without newline, then the newline; expect a close (line limit) or the 2 MB echo", ctx -> {
                    TextClient.Session s = ctx.textClient();
                    RawConnection c = s.connection();
                    RawConnection.Streamed st = c.stream(fill(64 * 1024), 2_000_000, Duration.ofSeconds(10));
                    if (st.peerClosed()) {
                        return Observation.handled("2 MB line → closed by peer after %d bytes", st.bytesSent());
                    }
                    c.write(new byte[] {'\n'});
                    byte[] echo = readLineSkippingBroadcasts(c, ctx.waitTime().multipliedBy(3));
                    if (echo != null) {
                        return echo.length == 2_000_005 ? Observation.handled("2 MB line → echoed whole")
                                : Observation.mishandled("2 MB line → answer of %d bytes", echo.length);
                    }
                    return c.sawEof() ? Observation.handled("2 MB line → closed by peer")
                            : Observation.mishandled("2 MB line → no echo and NOT closed");
                }));
        cases.add(TortureCase.of("4.2", "text.line-10mb",
                "10 MiB + 1 MiB without newline; expect close", ctx -> {
                    RawConnection c = ctx.textClient().connection();
                    RawConnection.Streamed st = c.stream(fill(64 * 1024), 11L * 1024 * 1024, Duration.ofSeconds(15));
                    return st.peerClosed() ? Observation.handled("11 MiB line → closed by peer after %d bytes",
                            st.bytesSent()) : Expect.closed(c, ctx.waitTime(), "11 MiB line without newline"
                            + (st.stalled() ? " (stalled)" : ""));
                }));
        cases.add(TortureCase.of("4.3", "text.invalid-utf8",
                "a line with invalid UTF-8 (ff fe c3 28); expect the bytes echoed, or a close", ctx -> {
                    RawConnection c = ctx.textClient().connection();
                    ByteArrayOutputStream line = new ByteArrayOutputStream();
                    line.write(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, ' '});
                    line.write(ctx.marker("utf8").getBytes(StandardCharsets.US_ASCII));
                    byte[] sent = line.toByteArray();
                    line.write('\n');
                    c.write(line.toByteArray());
                    byte[] echo = readLineSkippingBroadcasts(c, ctx.waitTime());
                    if (echo != null) {
                        byte[] want = concat("echo ".getBytes(StandardCharsets.US_ASCII), sent);
                        return java.util.Arrays.equals(echo, want) ? Observation.handled("invalid UTF-8 → echoed byte-exact")
                                : Observation.handled("invalid UTF-8 → answered %s", InnerFrames.shorten(echo));
                    }
                    return Expect.either(c, Duration.ofMillis(200), "invalid UTF-8 → no echo");
                }));
        cases.add(TortureCase.of("4.4", "text.connect-close-2000",
                "2 000 connect/close cycles (8 in parallel); expect every connect accepted", ctx -> {
                    AtomicInteger failed = new AtomicInteger();
                    AtomicInteger next = new AtomicInteger();
                    List<Thread> threads = new ArrayList<>();
                    for (int t = 0; t < 8; t++) {
                        Thread th = new Thread(() -> {
                            while (next.getAndIncrement() < 2000 && !Thread.currentThread().isInterrupted()) {
                                try {
                                    RawConnection.open(ctx.target().text(), ctx.waitTime(), ctx.timers()).close();
                                } catch (java.io.IOException e) {
                                    failed.incrementAndGet();
                                }
                            }
                        });
                        th.setDaemon(true);
                        th.start();
                        threads.add(th);
                    }
                    try {
                        for (Thread th : threads) {
                            th.join();
                        }
                    } finally {
                        threads.forEach(Thread::interrupt);
                    }
                    return failed.get() == 0 ? Observation.handled("2000 connect/close cycles, all accepted")
                            : Observation.mishandled("2000 connect/close cycles, %d connects FAILED", failed.get());
                }));
        return cases;
    }

    /** The next line that is not one of the demo app's JSON broadcasts (welcome/logout of other clients). */
    static byte[] readLineSkippingBroadcasts(RawConnection c, Duration timeout) throws java.io.IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] line = c.readLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line == null || line.length == 0 || line[0] != '{') {
                return line;
            }
        }
        return null;
    }

    static byte[] fill(int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
