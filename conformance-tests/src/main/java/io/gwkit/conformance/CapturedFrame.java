package io.gwkit.conformance;

/**
 * One protocol frame of a capture: who sent it to whom, on which connection, during which step, and its
 * exact bytes (including its length prefix or trailing newline).
 *
 * @param index   gwcap {@code i}, 1-based line number after the header; 0 while still being recorded
 * @param order   the shared clock value at which the frame was completed (sorting key within a step)
 * @param step    the step index, or null for cluster startup
 * @param conn    {@code <link>#<n>}
 * @param server  listening address of the connection, as the capture names it
 * @param from    sending role: gateway, worker, gatewayclient, register or client
 * @param to      receiving role
 * @param client  the scenario's client name on a client link, else null
 * @param kind    how the bytes are framed
 */
public record CapturedFrame(int index, long order, Integer step, Link link, String conn, String server,
                            String from, String to, String client, FrameKind kind, byte[] bytes,
                            boolean incomplete) {

    /** The role of the side that opened the TCP connection. */
    public String connectingRole() {
        return listeningRole().equals(from) ? to : from;
    }

    /** The role of the side that listens: the register on a register link, else a gateway. */
    public String listeningRole() {
        return link == Link.REGISTER ? "register" : "gateway";
    }

    /** Whether this frame travels from the connecting side to the listening side. */
    public boolean fromConnectingSide() {
        return from.equals(connectingRole());
    }

    public CapturedFrame withIndex(int i) {
        return new CapturedFrame(i, order, step, link, conn, server, from, to, client, kind, bytes, incomplete);
    }
}
