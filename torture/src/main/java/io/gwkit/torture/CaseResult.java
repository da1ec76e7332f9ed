package io.gwkit.torture;

/** One line of the report: the case, its outcome, what the offender saw, what the health check saw. */
public record CaseResult(String id, String name, Outcome outcome, String offender, String health, long millis) {
}
