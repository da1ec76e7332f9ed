package io.gwkit.torture;

import io.gwkit.client.GatewayClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs cases one after the other against a live cluster: prepare all, then per case attack → health check →
 * classify → close the case's connections. When the bystander is lost it is replaced (PHP's master restarts a
 * crashed process); when no client can connect at all, later cases are reported {@code down} after a quick
 * probe instead of being run.
 */
public final class TortureRunner implements AutoCloseable {

    /**
     * @param caseTimeout bound for one case's attack
     * @param expectWait how long a case waits for an expected close or reply
     * @param healthTimeout how long the health check waits for each echo, push and welcome
     * @param slow a bystander round trip above this is {@code degraded}
     */
    public record Settings(Duration caseTimeout, Duration expectWait, Duration healthTimeout, Duration slow) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), Duration.ofSeconds(3),
                Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    private static final Duration RECOVERY = Duration.ofSeconds(10);

    private final TortureTarget target;
    private final Settings settings;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, daemon("torture-timer"));
    private final ExecutorService attacks = Executors.newCachedThreadPool(daemon("torture-case"));
    private final GatewayClient sdk;
    private final HealthCheck health;
    private Bystander bystander;

    public TortureRunner(TortureTarget target, Settings settings) {
        this.target = target;
        this.settings = settings;
        this.sdk = GatewayClient.builder().registerAddress(target.registerHostPort()).secretKey(target.secret())
                .connectTimeout(Duration.ofSeconds(3)).replyTimeout(settings.healthTimeout())
                .connectionPerCall(true).build();
        this.health = new HealthCheck(target, sdk, timers, settings.healthTimeout());
    }

    /** Runs {@code cases} in order, handing each result to {@code onResult} as soon as it is known. */
    public List<CaseResult> run(List<TortureCase> cases, Consumer<CaseResult> onResult) throws InterruptedException {
        Map<TortureCase, CaseContext> contexts = new LinkedHashMap<>();
        for (TortureCase c : cases) {
            CaseContext ctx = new CaseContext(target, timers, settings.expectWait());
            contexts.put(c, ctx);
        }
        bystander = connectBystander(RECOVERY);
        for (Map.Entry<TortureCase, CaseContext> e : contexts.entrySet()) {
            try {
                e.getKey().prepare(e.getValue());
            } catch (Exception ex) {
                // the case reports it: its observation will not find what it prepared
            }
        }
        List<CaseResult> results = new ArrayList<>();
        boolean targetDown = bystander == null;
        try {
            for (Map.Entry<TortureCase, CaseContext> e : contexts.entrySet()) {
                CaseResult r = targetDown ? probeDown(e.getKey()) : null;
                if (r == null) {
                    r = runOne(e.getKey(), e.getValue());
                    if (r.outcome() == Outcome.DOWN) {
                        recover();
                    }
                }
                e.getValue().closeAll();
                targetDown = bystander == null;
                results.add(r);
                onResult.accept(r);
            }
        } finally {
            contexts.values().forEach(CaseContext::closeAll);
        }
        return results;
    }

    private CaseResult runOne(TortureCase c, CaseContext ctx) throws InterruptedException {
        long start = System.nanoTime();
        ctx.bystander(bystander);
        Future<Observation> attack = attacks.submit(() -> c.run(ctx));
        Observation seen;
        try {
            seen = attack.get(settings.caseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
            attack.cancel(true);
            ctx.closeAll();
            seen = Observation.mishandled("case did not finish within %d s", settings.caseTimeout().toSeconds());
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            seen = Observation.mishandled("case failed: %s: %s", cause.getClass().getSimpleName(), cause.getMessage());
        }
        Health held = health.check(bystander, ctx);
        // Closing the case's connections is part of the attack (PHP's worker crashes in onClose of a poisoned
        // session): check again, so the damage is reported here and not by the next case.
        ctx.closeAll();
        Health h = Health.worse(held, health.check(bystander, ctx));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Outcome o = Outcome.classify(seen, h, settings.slow());
        return new CaseResult(c.id(), c.name(), o, seen.detail(), h.detail(), millis);
    }

    /** After the target went down: a quick probe; if still unreachable the case is {@code down} without running. */
    private CaseResult probeDown(TortureCase c) {
        bystander = connectBystander(Duration.ofSeconds(2));
        if (bystander != null) {
            return null;
        }
        return new CaseResult(c.id(), c.name(), Outcome.DOWN, "not run", "target down: no client can connect", 0);
    }

    /**
     * After a case took the target down: waits (up to {@link #RECOVERY}) until fresh clients are welcomed again
     * (PHP's master restarts a crashed process, its worker reconnects after 1 s) and replaces a lost bystander,
     * so the next case is not blamed for this one's damage.
     */
    private void recover() throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (System.nanoTime() < deadline && !health.freshText().equals("ok")) {
            Thread.sleep(200); // the target restarts: poll, nothing to await
        }
        if (bystander == null || !bystander.alive()) {
            closeBystander();
            bystander = connectBystander(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L)));
        }
    }

    /** A new bystander, retrying until {@code within} passed (a restarting gateway and worker need a moment). */
    private Bystander connectBystander(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Duration attempt = within.compareTo(settings.healthTimeout()) < 0 ? within : settings.healthTimeout();
        do {
            try {
                return Bystander.connect(TextClient.connect(target.text(), attempt, timers));
            } catch (IOException e) {
                try {
                    Thread.sleep(200); // the target restarts: poll, nothing to await
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        } while (System.nanoTime() < deadline);
        return null;
    }

    private void closeBystander() {
        if (bystander != null) {
            bystander.close();
            bystander = null;
        }
    }

    @Override
    public void close() {
        closeBystander();
        sdk.close();
        attacks.shutdownNow();
        timers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
