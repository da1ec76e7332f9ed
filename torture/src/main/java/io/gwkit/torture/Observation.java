package io.gwkit.torture;

import java.util.Locale;

/**
 * What a case saw of its offending connection(s): whether the target handled them as expected (closed them, kept
 * a secret, kept serving a poisoned client) and a one-line wire/log description.
 */
public record Observation(boolean handled, String detail) {

    public static Observation handled(String format, Object... args) {
        return new Observation(true, String.format(Locale.ROOT, format, args));
    }

    public static Observation mishandled(String format, Object... args) {
        return new Observation(false, String.format(Locale.ROOT, format, args));
    }
}
