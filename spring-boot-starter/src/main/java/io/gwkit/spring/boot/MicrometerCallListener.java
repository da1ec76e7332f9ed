package io.gwkit.spring.boot;

import io.gwkit.client.CallListener;
import io.gwkit.client.PhpMethod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Records every call as the timer {@value #METER} (count, total and max latency) tagged with
 * {@code method} (the PHP name, e.g. {@code sendToUid}), {@code outcome} ({@code success} or {@code error})
 * and {@code exception} (the failure's simple class name, {@code none} on success) — so errors by method
 * are {@code gwkit.client.calls{outcome="error"}} grouped by {@code method}.
 */
public final class MicrometerCallListener implements CallListener {

    /** The timer's name. */
    public static final String METER = "gwkit.client.calls";

    private final MeterRegistry registry;

    public MicrometerCallListener(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void callCompleted(PhpMethod method, long durationNanos, Throwable failure) {
        Timer.builder(METER)
                .description("GatewayClient calls, by PHP method and outcome")
                .tag("method", method.phpName())
                .tag("outcome", failure == null ? "success" : "error")
                .tag("exception", failure == null ? "none" : failure.getClass().getSimpleName())
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }
}
