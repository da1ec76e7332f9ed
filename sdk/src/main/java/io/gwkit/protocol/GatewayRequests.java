package io.gwkit.protocol;

import io.gwkit.php.PhpValues;
import io.gwkit.php.PhpArray;
import io.gwkit.php.PhpJson;
import io.gwkit.php.PhpSerializer;
import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import java.nio.charset.StandardCharsets;

/**
 * Builds request frames exactly as PHP's GatewayClient encodes them: a scalar body is written as its
 * string form with flag bit 0x01, anything else (null, arrays) is PHP-serialized with the bit clear;
 * header fields other than cmd, connection_id and flag stay zero.
 */
public final class GatewayRequests {

    private static final byte[] EMPTY = new byte[0];

    private GatewayRequests() {
    }

    /** A frame with PHP's encoding of {@code body} (a PHP value) and {@code extData} bytes. */
    public static GatewayFrame frame(Command cmd, long connectionId, boolean raw, byte[] extData, Object body) {
        int flag = raw ? GatewayFrame.FLAG_RAW : 0;
        byte[] bodyBytes;
        if (PhpValues.isScalar(body)) {
            flag |= GatewayFrame.FLAG_SCALAR;
            bodyBytes = PhpValues.stringBytes(body, "body");
        } else {
            bodyBytes = PhpSerializer.serialize(body);
        }
        return GatewayFrame.request(cmd, connectionId, flag, extData == null ? EMPTY : extData, bodyBytes);
    }

    /** A frame with an empty string body, the PHP default. */
    public static GatewayFrame frame(Command cmd, long connectionId, byte[] extData) {
        return frame(cmd, connectionId, false, extData, "");
    }

    /** The cmd 202 frame a GatewayClient with a secret key sends before its requests. */
    public static GatewayFrame auth(String secretKey) {
        PhpArray body = new PhpArray();
        body.put("secret_key", secretKey);
        return frame(Command.GATEWAY_CLIENT_CONNECT, 0, false, EMPTY, PhpJson.encode(body));
    }

    /** json_encode of a PHP value, as bytes for ext_data. */
    public static byte[] json(Object phpValue) {
        return PhpJson.encode(phpValue).getBytes(StandardCharsets.UTF_8);
    }
}
