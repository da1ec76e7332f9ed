package io.gwkit.conformance;

/** How a captured frame's bytes are structured (gwcap {@code decoded.type}). */
public enum FrameKind {
    /** A {@code \n}-terminated line: register messages and text-protocol client messages. */
    LINE("line"),
    /** A binary gateway frame: 28-byte header, ext_data, body. */
    GATEWAY("gateway"),
    /** A gateway's reply to a request: u32 length + PHP-serialized value. */
    REPLY("reply"),
    /** The websocket handshake request or response. */
    HTTP("http"),
    /** A websocket frame. */
    WS("ws"),
    /** Bytes that follow no known framing (only after a framing error). */
    RAW("raw");

    private final String wireName;

    FrameKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static FrameKind of(String wireName) {
        for (FrameKind k : values()) {
            if (k.wireName.equals(wireName)) {
                return k;
            }
        }
        return RAW;
    }
}
