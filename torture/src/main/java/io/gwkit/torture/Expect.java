package io.gwkit.torture;

import java.time.Duration;

/** The usual expectations about an offending connection, as observations. */
final class Expect {

    private Expect() {
    }

    /** The peer must close {@code c} within {@code wait}. */
    static Observation closed(RawConnection c, Duration wait, String sent) {
        RawConnection.CloseWait w = c.awaitClose(wait);
        return w.closed()
                ? Observation.handled("%s → %s", sent, w.describe())
                : Observation.mishandled("%s → NOT closed (%s)", sent, w.describe());
    }

    /** Closing or keeping {@code c} are both fine: the report just says which. */
    static Observation either(RawConnection c, Duration wait, String sent) {
        return Observation.handled("%s → %s", sent, c.awaitClose(wait).describe());
    }
}
