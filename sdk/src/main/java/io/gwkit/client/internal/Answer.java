package io.gwkit.client.internal;

import io.gwkit.php.PhpValues;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.Ipv4;

/**
 * One gateway's decoded reply. Its address is read as PHP's GatewayClient reads it (ip2long, {@code (int)} of the
 * port), not with {@code HostPort}: the client_ids built from it are wire bytes.
 */
final class Answer {
    final String address;
    final long ip;
    final int port;
    final Object value;

    Answer(String address, Object value) {
        this.address = address;
        this.value = value;
        int colon = address.lastIndexOf(':');
        long parsedIp;
        try {
            parsedIp = Ipv4.parse(address.substring(0, Math.max(colon, 0)));
        } catch (IllegalArgumentException notDotted) {
            parsedIp = 0; // PHP's ip2long gives false, packed as 0
        }
        this.ip = parsedIp;
        this.port = colon < 0 ? 0 : (int) (PhpValues.toInt(address.substring(colon + 1)) & 0xFFFF);
    }

    String clientId(Object connectionId) {
        return new ClientId(ip, port, PhpValues.toInt(connectionId) & 0xFFFF_FFFFL).toString();
    }
}
