package io.gwkit.protocol;

/** PHP's ip2long / long2ip for the u32 address fields of the frame header. */
public final class Ipv4 {
    private Ipv4() {
    }

    public static String toString(long ip) {
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    /** Parses dotted IPv4; throws IllegalArgumentException naming the text otherwise. */
    public static long parse(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: \"" + dotted + "\"");
        }
        long ip = 0;
        for (String p : parts) {
            int v;
            try {
                v = p.isEmpty() || p.length() > 3 ? -1 : Integer.parseInt(p);
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: \"" + dotted + "\"");
            }
            ip = (ip << 8) | v;
        }
        return ip;
    }
}
