package io.gwkit.conformance;

/** Follows a suite run: progress indicators and reports. */
public interface SuiteListener {

    default void scenarioStarted(String scenario, int index, int total) {
    }

    default void scenarioFinished(ScenarioResult result, int index, int total) {
    }
}
