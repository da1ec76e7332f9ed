package io.gwkit.conformance;

/**
 * One place where the target's recording differs from the capture.
 *
 * @param step          the step index (null: startup), or null when not tied to a step
 * @param where         what was compared, e.g. {@code inner 127.0.0.1:2900 gatewayclient#1 gatewayclient->gateway}
 * @param frameIndex    1-based index of the frame within that connection and direction (0 for result lines)
 * @param captureLine   gwcap {@code i} of the expected line, 0 when the capture has none there
 * @param field         the first differing field ({@code cmd}, {@code body}, {@code result_serialized}, ...)
 * @param expected      the capture's value of that field, decoded
 * @param actual        the target's value, decoded
 * @param expectedHex   the whole expected frame in hex (null for result lines or a missing frame)
 * @param actualHex     the whole actual frame in hex
 * @param deviation     the documented reason when this difference is an accepted deviation, else null
 */
public record Difference(Integer step, String where, int frameIndex, int captureLine, String field,
                         String expected, String actual, String expectedHex, String actualHex, String deviation) {

    public boolean isDeviation() {
        return deviation != null;
    }

    public Difference asDeviation(String reason) {
        return new Difference(step, where, frameIndex, captureLine, field, expected, actual, expectedHex, actualHex, reason);
    }

    /** One line: step, connection, frame, field, expected vs actual. */
    public String summary() {
        return "step " + (step == null ? "startup" : step) + ", " + where
                + (frameIndex > 0 ? ", frame " + frameIndex : "")
                + (captureLine > 0 ? " (capture line " + captureLine + ")" : "")
                + ", " + field + ": expected " + abbreviate(expected) + ", got " + abbreviate(actual)
                + (sameElementsOtherOrder(expected, actual) ? " [hint: same elements, other order]" : "");
    }

    /**
     * Whether both values hold the same elements (JSON or PHP-serialized list items, map entries, words) in
     * another order: what a cluster restarted all at once, rather than node by node in the capture's order,
     * produces in its lists (docs/CONFORMANCE.md, 'Restarting a live cluster').
     */
    static boolean sameElementsOtherOrder(String expected, String actual) {
        if (expected == null || actual == null || expected.equals(actual) || expected.length() != actual.length()) {
            return false;
        }
        String[] e = elements(expected);
        String[] a = elements(actual);
        if (e.length < 2) {
            return false;
        }
        java.util.Arrays.sort(e);
        java.util.Arrays.sort(a);
        return java.util.Arrays.equals(e, a);
    }

    /** Splits on the separators of JSON, PHP serialize() and plain text; list keys (i:0;) are dropped. */
    private static String[] elements(String s) {
        return java.util.Arrays.stream(s.split("[\\[\\]{},; ]+"))
                .filter(t -> !t.isEmpty() && !t.matches("i:\\d+"))
                .toArray(String[]::new);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "(nothing)";
        }
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }
}
