package io.gwkit.protocol;

import java.util.Arrays;

/**
 * One frame of the inner (gateway) link: a 28-byte big-endian header, ext_data and body.
 *
 * <pre>
 *  0        4   5        9    11       15   17       21   22   24       28
 * +--------+---+--------+----+--------+----+--------+----+----+--------+----------+------+
 * |pack_len|cmd|local_ip|lprt|client_ip|cprt|conn_id |flag|gprt|ext_len | ext_data | body |
 * +--------+---+--------+----+--------+----+--------+----+----+--------+----------+------+
 * </pre>
 *
 * pack_len counts the whole frame. Every numeric field is unsigned; the constructor range-checks
 * them so an encoded frame always says what this object says. Byte arrays are not copied: treat
 * a frame as immutable once built.
 */
public final class GatewayFrame {

    public static final int HEADER_LENGTH = 28;
    /** Body is raw bytes (a PHP scalar), not a serialized value. */
    public static final int FLAG_SCALAR = 0x01;
    /** Send the body to the end client as is, without the client protocol's encode. */
    public static final int FLAG_RAW = 0x02;
    /**
     * gwkit extension, ignored by PHP: on a send to clients, frame it as a binary websocket frame; on ON_MESSAGE
     * (cmd 3), the client sent it as a binary websocket frame.
     */
    public static final int FLAG_BINARY = 0x04;

    private static final byte[] EMPTY = new byte[0];

    private final int cmd;
    private final long localIp;
    private final int localPort;
    private final long clientIp;
    private final int clientPort;
    private final long connectionId;
    private final int flag;
    private final int gatewayPort;
    private final byte[] extData;
    private final byte[] body;

    public GatewayFrame(int cmd, long localIp, int localPort, long clientIp, int clientPort, long connectionId,
                        int flag, int gatewayPort, byte[] extData, byte[] body) {
        this.cmd = checkRange("cmd", cmd, 0xFF);
        this.localIp = checkRange("local_ip", localIp, 0xFFFF_FFFFL);
        this.localPort = checkRange("local_port", localPort, 0xFFFF);
        this.clientIp = checkRange("client_ip", clientIp, 0xFFFF_FFFFL);
        this.clientPort = checkRange("client_port", clientPort, 0xFFFF);
        this.connectionId = checkRange("connection_id", connectionId, 0xFFFF_FFFFL);
        this.flag = checkRange("flag", flag, 0xFF);
        this.gatewayPort = checkRange("gateway_port", gatewayPort, 0xFFFF);
        this.extData = extData == null ? EMPTY : extData;
        this.body = body == null ? EMPTY : body;
        long total = (long) HEADER_LENGTH + this.extData.length + this.body.length;
        if (total > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("frame of " + total + " bytes does not fit pack_len (u32)");
        }
    }

    /** A request as a GatewayClient or worker sends it: only cmd, connection_id, flag and payloads set. */
    public static GatewayFrame request(Command cmd, long connectionId, int flag, byte[] extData, byte[] body) {
        return new GatewayFrame(cmd.code(), 0, 0, 0, 0, connectionId, flag, 0, extData, body);
    }

    private static int checkRange(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " out of range 0.." + max + ": " + value);
        }
        return value;
    }

    private static long checkRange(String field, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " out of range 0.." + max + ": " + value);
        }
        return value;
    }

    public int cmd() {
        return cmd;
    }

    /** The command, or null for a byte no known command uses. */
    public Command command() {
        return Command.of(cmd);
    }

    public long localIp() {
        return localIp;
    }

    public int localPort() {
        return localPort;
    }

    public long clientIp() {
        return clientIp;
    }

    public int clientPort() {
        return clientPort;
    }

    public long connectionId() {
        return connectionId;
    }

    public int flag() {
        return flag;
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    public byte[] extData() {
        return extData;
    }

    public byte[] body() {
        return body;
    }

    public boolean isScalarBody() {
        return (flag & FLAG_SCALAR) != 0;
    }

    public boolean isRaw() {
        return (flag & FLAG_RAW) != 0;
    }

    /** {@link #FLAG_BINARY}: a binary websocket message. */
    public boolean isBinary() {
        return (flag & FLAG_BINARY) != 0;
    }

    /** pack_len as it goes on the wire. */
    public long packLength() {
        return (long) HEADER_LENGTH + extData.length + body.length;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GatewayFrame)) {
            return false;
        }
        GatewayFrame f = (GatewayFrame) o;
        return cmd == f.cmd && localIp == f.localIp && localPort == f.localPort && clientIp == f.clientIp
                && clientPort == f.clientPort && connectionId == f.connectionId && flag == f.flag
                && gatewayPort == f.gatewayPort && Arrays.equals(extData, f.extData) && Arrays.equals(body, f.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * cmd + Long.hashCode(connectionId)) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        Command c = command();
        return "GatewayFrame{cmd=" + (c == null ? String.valueOf(cmd) : c + "(" + cmd + ")")
                + ", local=" + Ipv4.toString(localIp) + ":" + localPort
                + ", client=" + Ipv4.toString(clientIp) + ":" + clientPort
                + ", connection_id=" + connectionId + ", flag=" + flag + ", gateway_port=" + gatewayPort
                + ", ext_len=" + extData.length + ", body_len=" + body.length + "}";
    }
}
