package io.gwkit.testkit;

import io.gwkit.php.PhpJson;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** A frame a {@link MockGateway} received: its exact bytes, decoded, and which connection it came on. */
public final class RecordedFrame {

    private final int connection;
    private final byte[] bytes;
    private final GatewayFrame frame;

    RecordedFrame(int connection, byte[] bytes) {
        this.connection = connection;
        this.bytes = bytes;
        this.frame = GatewayFrameCodec.decode(bytes, Integer.MAX_VALUE);
    }

    /** 1 for the first connection the mock accepted, 2 for the second, ... */
    public int connection() {
        return connection;
    }

    /** The frame exactly as it came over the wire, header included. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** {@link #bytes()} in lowercase hex, to compare with captures. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    public GatewayFrame frame() {
        return frame;
    }

    /** The command, or null for a byte that names none. */
    public Command command() {
        return frame.command();
    }

    public long connectionId() {
        return frame.connectionId();
    }

    /** The body as UTF-8 text (a message, or a PHP-serialized value). */
    public String bodyUtf8() {
        return new String(frame.body(), StandardCharsets.UTF_8);
    }

    /** ext_data as UTF-8 text (JSON for most commands, e.g. {@code {"uid":"u1"}}). */
    public String extDataUtf8() {
        return new String(frame.extData(), StandardCharsets.UTF_8);
    }

    /** ext_data decoded as PHP's json_decode(assoc) would: a PhpArray, String, Long... */
    public Object extDataJson() {
        return PhpJson.decode(frame.extData());
    }

    @Override
    public String toString() {
        return "RecordedFrame[conn " + connection + ", " + frame + "]";
    }
}
