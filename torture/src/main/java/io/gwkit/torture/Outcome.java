package io.gwkit.torture;

import java.time.Duration;
import java.util.Locale;

/**
 * How a cluster came out of one hostile case. The words are fixed (reports are diffed across runs):
 * {@code survived}, {@code degraded}, {@code down}.
 */
public enum Outcome {
    /** The bystander was served, fresh clients connect, and the offender was handled as expected. */
    SURVIVED,
    /** The cluster still serves, but something was off: offender not closed, a secret violation, a slow bystander. */
    DEGRADED,
    /** The bystander lost its service or a fresh client could not connect. */
    DOWN;

    /** The report word, lower case. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The verdict of one case: availability first (bystander served, fresh clients connect), then the case's own
     * expectation and the bystander's round-trip time against {@code slow}.
     *
     * @param offender what the case observed about the offending connection; null when the case did not finish
     */
    public static Outcome classify(Observation offender, Health health, Duration slow) {
        if (!health.bystanderServed() || !health.freshClientsConnect()) {
            return DOWN;
        }
        if (offender == null || !offender.handled() || health.bystanderMillis() > slow.toMillis()) {
            return DEGRADED;
        }
        return SURVIVED;
    }
}
