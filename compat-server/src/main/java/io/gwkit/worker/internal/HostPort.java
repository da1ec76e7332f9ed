package io.gwkit.worker.internal;

/** A {@code host:port} address as the register and the CLI write them. */
public record HostPort(String host, int port) {

    public static HostPort parse(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("not a host:port address: \"" + address + "\"");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("bad port in address \"" + address + "\"");
        }
        return new HostPort(address.substring(0, colon), port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
