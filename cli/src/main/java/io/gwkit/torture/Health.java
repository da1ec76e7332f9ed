package io.gwkit.torture;

/**
 * The availability check after a case: did the long-lived bystander get its echo and its push, and could fresh
 * clients connect and get their welcome.
 *
 * @param bystanderMillis the slower of the bystander's echo and push round trips
 */
public record Health(boolean bystanderServed, boolean freshClientsConnect, long bystanderMillis, String detail) {

    public static Health unreachable(String detail) {
        return new Health(false, false, 0, detail);
    }
}
