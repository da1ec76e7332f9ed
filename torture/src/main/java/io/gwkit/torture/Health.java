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

    /**
     * The combination of the check while the case's connections were held and the one after they were closed:
     * the worse of each, the second detail only when it found a problem.
     */
    public static Health worse(Health held, Health afterClose) {
        boolean afterOk = afterClose.bystanderServed() && afterClose.freshClientsConnect();
        String detail = afterOk ? held.detail() : held.detail() + "; after closing the case's connections: "
                + afterClose.detail();
        return new Health(held.bystanderServed() && afterClose.bystanderServed(),
                held.freshClientsConnect() && afterClose.freshClientsConnect(),
                Math.max(held.bystanderMillis(), afterClose.bystanderMillis()), detail);
    }
}
