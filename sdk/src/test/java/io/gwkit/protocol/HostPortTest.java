package io.gwkit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void parsesIpv4NamesAndBracketedIpv6() {
        assertEquals(new HostPort("127.0.0.1", 1236), HostPort.parse("127.0.0.1:1236"));
        assertEquals(new HostPort("gw.example", 0), HostPort.parse("gw.example:0"));
        assertEquals(new HostPort("::1", 65535), HostPort.parse("[::1]:65535"));
        assertEquals(new HostPort("fe80::1%eth0", 80), HostPort.parse("[fe80::1%eth0]:80"));
    }

    @Test
    void writesWhatItReads() {
        for (String text : List.of("127.0.0.1:1236", "[::1]:7000", "localhost:1")) {
            assertEquals(text, HostPort.parse(text).toString());
        }
        assertEquals(7000, HostPort.parse("[::1]:7000").socketAddress().getPort());
        assertTrue(HostPort.parse("[::1]:7000").socketAddress().getAddress().isLoopbackAddress());
    }

    @Test
    void badTextIsATypedErrorQuotingIt() {
        for (String bad : List.of("", "1236", ":1236", "host:", "host:x", "host:-1", "host:65536", "host:123456",
                "::1:1236", "[::1]", "[::1]1236", "[]:1", "host: 1")) {
            InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> HostPort.parse(bad), bad);
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
        assertThrows(InvalidAddressException.class, () -> HostPort.parse(null));
    }
}
