package io.gwkit.protocol;

/**
 * A GatewayWorker client_id: lowercase hex of {@code u32 local_ip, u16 local_port, u32 connection_id}.
 * It tells which gateway inner address holds the connection, so per-client commands need no register.
 */
public record ClientId(long localIp, int localPort, long connectionId) {

    public static final int LENGTH = 20;

    public ClientId {
        if (localIp < 0 || localIp > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("local_ip out of u32 range: " + localIp);
        }
        if (localPort < 0 || localPort > 0xFFFF) {
            throw new IllegalArgumentException("local_port out of u16 range: " + localPort);
        }
        if (connectionId < 0 || connectionId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("connection_id out of u32 range: " + connectionId);
        }
    }

    /** Parses a client_id; upper-case hex is accepted as PHP's hexdec() accepts it. */
    public static ClientId parse(String clientId) {
        if (clientId == null) {
            throw new InvalidClientIdException("client_id is null");
        }
        if (clientId.length() != LENGTH) {
            throw new InvalidClientIdException("client_id \"" + clientId + "\" has " + clientId.length()
                    + " characters, expected " + LENGTH + " hex digits");
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = clientId.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) { // Character.digit would also take non-ASCII digits such as U+FF17
                throw new InvalidClientIdException("client_id \"" + clientId + "\" has a non-hex character at " + i);
            }
        }
        return new ClientId(
                Long.parseLong(clientId.substring(0, 8), 16),
                Integer.parseInt(clientId.substring(8, 12), 16),
                Long.parseLong(clientId.substring(12, 20), 16));
    }

    /** The gateway inner address {@code a.b.c.d:port} this client lives on. */
    public String gatewayAddress() {
        return Ipv4.toString(localIp) + ":" + localPort;
    }

    /** Lowercase hex, zero-padded; by hand because String.format showed up as a fifth of a gateway's CPU. */
    @Override
    public String toString() {
        char[] hex = new char[LENGTH];
        putHex(hex, 0, 8, localIp);
        putHex(hex, 8, 4, localPort);
        putHex(hex, 12, 8, connectionId);
        return new String(hex);
    }

    private static void putHex(char[] out, int at, int digits, long value) {
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = Character.forDigit((int) (value & 0xF), 16);
            value >>>= 4;
        }
    }
}
