package io.gwkit.conformance;

/** The kind of TCP link a captured frame travelled on (gwcap {@code link}). */
public enum Link {
    /** To the Register port; text lines. */
    REGISTER("register"),
    /** To a gateway inner port; binary frames and replies. */
    INNER("inner"),
    /** To a gateway client port; text lines or websocket, depending on the gateway. */
    CLIENT("client");

    private final String wireName;

    Link(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in gwcap lines. */
    public String wireName() {
        return wireName;
    }

    public static Link of(String wireName) {
        for (Link l : values()) {
            if (l.wireName.equals(wireName)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown link \"" + wireName + "\"");
    }
}
