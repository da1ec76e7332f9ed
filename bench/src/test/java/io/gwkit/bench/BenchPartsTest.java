package io.gwkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchPartsTest {

    @Test
    void payloadCarriesItsNumberAndIsPaddedToSize() {
        ByteBuf b = Payload.line(ByteBufAllocator.DEFAULT, 't', 123456789L, 64);
        try {
            assertEquals(65, b.readableBytes());
            assertEquals('\n', b.getByte(64));
            assertEquals(123456789L, TextClients.parseLong(b, 1));
        } finally {
            b.release();
        }
        assertEquals("b7 xxxxx", Payload.text('b', 7, 8));
        assertEquals("b12345 ", Payload.text('b', 12345, 3)); // never cut the number
    }

    @Test
    void parsesNumbersAndPrefixesInLines() {
        ByteBuf line = Unpooled.copiedBuffer("echo t42 xx", StandardCharsets.US_ASCII);
        assertTrue(TextClients.startsWith(line, "echo t".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(TextClients.startsWith(line, "echo x".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(TextClients.startsWith(Unpooled.EMPTY_BUFFER, "e".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(42, TextClients.parseLong(line, 6));
        assertEquals(-1, TextClients.parseLong(line, 0));
    }

    @Test
    void welcomeClientIdIsFoundOnlyInAWelcome() {
        assertEquals("7f0000010b5400000001",
                TextClients.welcomeClientId("{\"type\":\"welcome\",\"client_id\":\"7f0000010b5400000001\"}"));
        assertNull(TextClients.welcomeClientId("{\"type\":\"logout\",\"client_id\":\"7f0000010b5400000001\"}"));
        assertNull(TextClients.welcomeClientId("echo hi"));
    }

    @Test
    void vmRssIsReadFromProcStatus() {
        assertEquals(123456, ProcStat.parseVmRssKib("Name:\tjava\nVmPeak:\t 9 kB\nVmRSS:\t  123456 kB\n"));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parseVmRssKib("Name:\tjava\n"));
    }

    @Test
    void cpuTicksAreUtimePlusStimeEvenWithSpacesInTheName() {
        String stat = "42 (Gateway (text) x) S 1 42 42 0 -1 4194560 100 0 0 0 250 17 0 0 20 0 9 0 100 1 1";
        assertEquals(267, ProcStat.parseCpuTicks(stat));
    }

    @Test
    void liveHeapSumsEveryHeapSpaceButNotMetaspace() {
        String info = " PSYoungGen      total 210432K, used 83089K [0x00000000eab00000, 0x0000000100000000)\n"
                + "  eden space 194560K, 34% used [0x00000000eab00000,0x00000000eecac470)\n"
                + " ParOldGen       total 512000K, used 1000K [0x00000000c0000000, 0x00000000eab00000)\n"
                + " Metaspace       used 25161K, committed 25536K, reserved 1073152K\n";
        assertEquals(84089, ProcStat.parseHeapUsedKib(info));
        assertEquals(4096, ProcStat.parseHeapUsedKib(" garbage-first heap   total 262144K, used 4096K [0x1, 0x2)\n"));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parseHeapUsedKib("no such pid"));
    }

    @Test
    void pidListsOfOneTarget() {
        assertEquals(List.of(12L, 34L), ProcStat.parsePids("12+34"));
        assertEquals(List.of(), ProcStat.parsePids(null));
    }

    @Test
    void samplesFromSeveralClientsMakeOneDistribution() {
        LongSamples a = new LongSamples();
        LongSamples b = new LongSamples();
        for (int i = 1; i <= 100; i++) {
            (i % 2 == 0 ? a : b).add(i * 1_000_000L); // grows past the initial capacity
        }
        Stats s = LongSamples.stats(List.of(a, b), 1e6);
        assertEquals(100, s.count());
        assertEquals(50, s.percentile(50));
        assertEquals(99, s.percentile(99));
        assertEquals(100, s.max());
    }

    @Test
    void progressBarShowsTheFraction() {
        assertEquals("[###############               ]  50% echo 5/10", Progress.bar("echo", 5, 10));
        assertEquals("[##############################] 100% x 12/10", Progress.bar("x", 12, 10));
        assertEquals("[                              ]   0% x 0/0", Progress.bar("x", 0, 0));
    }

    @Test
    void reportFormatsByMagnitude() {
        assertEquals("74123", Report.format(74123.4));
        assertEquals("24.5", Report.format(24.46));
        assertEquals("0.412", Report.format(0.4123));
        assertEquals("-", Report.format(Double.NaN));
        assertEquals("5", Report.format(5.0));
    }
}
