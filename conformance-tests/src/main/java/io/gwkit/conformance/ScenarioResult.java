package io.gwkit.conformance;

import java.time.Duration;
import java.util.List;

/**
 * The result of replaying one capture against a target.
 *
 * @param actual the target's recording (null when the scenario could not run)
 * @param error  why the scenario could not run ({@link Outcome#ERROR}), else null
 */
public record ScenarioResult(String scenario, String description, Outcome outcome, List<Difference> differences,
                             Capture expected, Capture actual, Duration duration, String error) {

    /** The first difference that is not a documented deviation, else the first deviation, else null. */
    public Difference firstDifference() {
        return differences.stream().filter(d -> !d.isDeviation()).findFirst()
                .orElse(differences.isEmpty() ? null : differences.get(0));
    }

    /** One report line: {@code PASS  name} or {@code FAIL  name  <first difference>}. */
    public String line() {
        StringBuilder sb = new StringBuilder(String.format("%-9s %s", outcome, scenario));
        if (error != null) {
            sb.append(": ").append(error);
        } else if (!differences.isEmpty()) {
            Difference d = firstDifference();
            sb.append(": ").append(d.summary());
            if (d.isDeviation()) {
                sb.append(" [deviation: ").append(d.deviation()).append(']');
            }
            long more = differences.size() - 1;
            if (more > 0) {
                sb.append(" (+").append(more).append(" more)");
            }
        }
        return sb.toString();
    }
}
