package io.gwkit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("socket")
class ClientIdTest {

    @Test
    void parsesAndFormats() {
        ClientId id = ClientId.parse("7f0000010b5400000001");
        assertEquals(Ipv4.parse("127.0.0.1"), id.localIp());
        assertEquals(2900, id.localPort());
        assertEquals(1, id.connectionId());
        assertEquals("127.0.0.1:2900", id.gatewayAddress());
        assertEquals("7f0000010b5400000001", id.toString());
        assertEquals("ffffffffffffffffffff", new ClientId(0xFFFF_FFFFL, 0xFFFF, 0xFFFF_FFFFL).toString());
        assertEquals("00000000000000000000", new ClientId(0, 0, 0).toString());
    }

    @Test
    void upperCaseHexIsAcceptedAndPrintedLowerCase() {
        assertEquals("7f0000010b55000000ab", ClientId.parse("7F0000010B55000000AB").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "7f0000010b540000001", "7f0000010b54000000011", "7f0000010b540000000g",
        "7f000001-b5400000001", " 7f0000010b540000001", "７f0000010b5400000001", "0x7f00010b5400000001"})
    void malformedIdsAreNamedInTheError(String bad) {
        InvalidClientIdException e = assertThrows(InvalidClientIdException.class, () -> ClientId.parse(bad));
        assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
    }

    @Test
    void nullIsRefused() {
        assertThrows(InvalidClientIdException.class, () -> ClientId.parse(null));
    }

    @Test
    void rangeChecksOnConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new ClientId(0x1_0000_0000L, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClientId(0, 0x10000, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClientId(0, 0, -1));
    }
}
