package io.gwkit.conformance;

/**
 * The verdict on one scenario, in the spirit of Autobahn's outcome vocabulary.
 */
public enum Outcome {
    /** Everything compared (after the documented masks) is byte-equal to the capture. */
    PASS,
    /** Only differences listed in the suite's documented deviation list; shown with their reason, counted apart. */
    DEVIATION,
    /** At least one difference that no mask or deviation covers. */
    FAIL,
    /** The scenario could not be run (target did not start, capture unreadable). Counts as a failure. */
    ERROR
}
