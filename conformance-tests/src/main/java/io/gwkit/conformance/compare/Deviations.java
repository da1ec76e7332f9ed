package io.gwkit.conformance.compare;

import io.gwkit.conformance.Difference;
import java.util.List;

/**
 * The suite's documented, intentional differences from the PHP reference. A difference matching an entry
 * is reported with its reason as a {@link io.gwkit.conformance.Outcome#DEVIATION}, never silently passed.
 * Nothing else may deviate.
 */
public final class Deviations {

    /** One accepted deviation: a GatewayClient method whose return value intentionally differs. */
    public record Entry(String method, String reason) {
    }

    /** docs/PROTOCOL.md §9. */
    public static final List<Entry> ALL = List.of(
            new Entry("getAllGroupUidList",
                    "PHP's GatewayClient stops scanning a gateway's reply at the first client without a uid "
                            + "(docs/PROTOCOL.md §9); this SDK returns the complete answer"),
            new Entry("getAllGroupClientIdList",
                    "PHP's GatewayClient stops scanning a gateway's reply at the first client without groups "
                            + "(docs/PROTOCOL.md §9); this SDK returns the complete answer"),
            new Entry("getAllGroupUidCount",
                    "PHP computes it from getAllGroupUidList (counts of its lists), so it inherits that "
                            + "early stop (docs/PROTOCOL.md §9); this SDK counts the complete answer"),
            new Entry("getAllGroupClientIdCount",
                    "PHP computes it from getAllGroupClientIdList, so it inherits that early stop "
                            + "(docs/PROTOCOL.md §9); this SDK counts the complete answer"));

    private Deviations() {
    }

    /** The reason when a result-line difference of {@code method} is a documented deviation, else null. */
    public static String reasonFor(String method, Difference d) {
        for (Entry e : ALL) {
            if (e.method().equals(method) && d.frameIndex() == 0) {
                return e.reason();
            }
        }
        return null;
    }
}
