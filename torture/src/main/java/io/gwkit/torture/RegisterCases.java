package io.gwkit.torture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group 3, the register ({@code --register}): garbage and incomplete lines, wrong secrets, a 5 MB line, a silent
 * connection (PHP closes it after its 10 s auth timeout) and 500 simultaneous subscribers.
 */
final class RegisterCases {

    /** The register's auth timeout (docs/PROTOCOL.md §8) plus slack for a loaded machine. */
    private static final Duration AUTH_TIMEOUT_BOUND = Duration.ofSeconds(14);
    private static final String BOGUS_GATEWAY = "127.0.0.1:1";

    private RegisterCases() {
    }

    static List<TortureCase> all() {
        List<TortureCase> cases = new ArrayList<>();
        cases.add(badLine("3.1", "register.garbage-line", "hello torture"));
        cases.add(badLine("3.2", "register.no-event", "{\"foo\":1}"));
        cases.add(TortureCase.of("3.3", "register.gateway-no-address",
                "gateway_connect without address; expect close", ctx -> {
                    RawConnection c = ctx.connect(ctx.target().register());
                    c.write(line("{\"event\":\"gateway_connect\",\"secret_key\":\"" + ctx.target().secret() + "\"}"));
                    return Expect.closed(c, ctx.waitTime(), "gateway_connect without address");
                }));
        cases.add(badLine("3.4", "register.unknown-event", "{\"event\":\"torture\"}"));
        cases.add(TortureCase.of("3.5", "register.wrong-secret-worker",
                "worker_connect with a wrong secret; expect close without the address list", ctx -> {
                    RawConnection c = ctx.connect(ctx.target().register());
                    c.write(workerConnect(ctx.target().secret() + "-wrong"));
                    byte[] answer = c.readLine(Duration.ofMillis(500));
                    if (answer != null && new String(answer, StandardCharsets.UTF_8).contains("broadcast_addresses")) {
                        return Observation.mishandled("worker_connect wrong key → GOT the address list (secret bypass)");
                    }
                    return Expect.closed(c, ctx.waitTime(), "worker_connect wrong key");
                }));
        cases.add(TortureCase.of("3.6", "register.wrong-secret-gateway",
                "gateway_connect " + BOGUS_GATEWAY + " with a wrong secret; expect close, address never listed", ctx -> {
                    RawConnection c = ctx.connect(ctx.target().register());
                    c.write(line("{\"event\":\"gateway_connect\", \"address\":\"" + BOGUS_GATEWAY
                            + "\", \"secret_key\":\"" + ctx.target().secret() + "-wrong\"}"));
                    RawConnection.CloseWait w = c.awaitClose(ctx.waitTime());
                    RawConnection probe = ctx.connect(ctx.target().register());
                    probe.write(workerConnect(ctx.target().secret()));
                    byte[] list = probe.readLine(ctx.waitTime());
                    String listed = list == null ? "no list" : new String(list, StandardCharsets.UTF_8);
                    if (listed.contains("\"" + BOGUS_GATEWAY + "\"")) {
                        return Observation.mishandled("gateway_connect wrong key → address LISTED (%s), %s", listed,
                                w.describe());
                    }
                    return w.closed() ? Observation.handled("gateway_connect wrong key → %s, not listed", w.describe())
                            : Observation.mishandled("gateway_connect wrong key → NOT closed (%s)", w.describe());
                }));
        cases.add(TortureCase.of("3.7", "register.line-5mb",
                "5 MB without newline; expect close (line limit, or the auth timeout)", ctx -> {
                    RawConnection c = ctx.connect(ctx.target().register());
                    long start = System.nanoTime();
                    RawConnection.Streamed s = c.stream(new byte[64 * 1024], 5_000_000, AUTH_TIMEOUT_BOUND);
                    if (s.peerClosed()) {
                        return Observation.handled("5 MB line → closed by peer after %d bytes", s.bytesSent());
                    }
                    Duration left = AUTH_TIMEOUT_BOUND.minusNanos(System.nanoTime() - start);
                    return Expect.closed(c, left.isNegative() ? Duration.ZERO : left, "5 MB line without newline");
                }));
        cases.add(silent());
        cases.add(TortureCase.of("3.9", "register.connections-500",
                "500 simultaneous worker_connect subscribers; expect 500 address lists", ctx -> {
                    CaseContext.Crowd crowd = ctx.crowd(500, () -> ctx.connect(ctx.target().register()),
                            workerConnect(ctx.target().secret()));
                    int lists = 0;
                    for (RawConnection c : crowd.open()) {
                        byte[] l = c.readLine(ctx.waitTime());
                        if (l != null && new String(l, StandardCharsets.UTF_8).contains("broadcast_addresses")) {
                            lists++;
                        }
                    }
                    String what = String.format("500 subscribers (%d failed to open) → %d address lists", crowd.failed(),
                            lists);
                    return lists == 500 ? Observation.handled("%s", what) : Observation.mishandled("%s", what);
                }));
        return cases;
    }

    /**
     * Opened when the run starts and watched by a thread from then on, checked when its turn comes: the run does
     * not sit through the 10 s, and the report says when the close happened.
     */
    private static TortureCase silent() {
        CompletableFuture<RawConnection.CloseWait> watch = new CompletableFuture<>();
        return TortureCase.of("3.8", "register.silent",
                "a connection that sends nothing; expect close after the auth timeout (10 s)", ctx -> {
                    RawConnection.CloseWait w;
                    try {
                        w = watch.get(AUTH_TIMEOUT_BOUND.toMillis() + 1000, TimeUnit.MILLISECONDS);
                    } catch (ExecutionException | TimeoutException e) {
                        return Observation.mishandled("silent connection not watched: %s", e);
                    }
                    return w.closed() ? Observation.handled("silent → closed by peer %d ms after opening", w.millis())
                            : Observation.mishandled("silent → NOT closed %d ms after opening", w.millis());
                }).preparedBy(ctx -> {
                    RawConnection c = ctx.connect(ctx.target().register());
                    Thread t = new Thread(() -> watch.complete(c.awaitClose(AUTH_TIMEOUT_BOUND)), "torture-silent");
                    t.setDaemon(true);
                    t.start();
                });
    }

    private static TortureCase badLine(String id, String name, String text) {
        return TortureCase.of(id, name, "line " + text + "; expect close", ctx -> {
            RawConnection c = ctx.connect(ctx.target().register());
            c.write(line(text));
            return Expect.closed(c, ctx.waitTime(), "line " + text);
        });
    }

    private static byte[] workerConnect(String secret) {
        return line("{\"event\":\"worker_connect\",\"secret_key\":\"" + secret + "\"}");
    }

    private static byte[] line(String s) {
        return (s + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
