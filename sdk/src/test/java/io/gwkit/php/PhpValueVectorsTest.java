package io.gwkit.php;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Random nested values printed by php 8.2 (src/test/resources/php/values.txt): int-like string keys,
 * binary and non-UTF-8 strings, lists with gaps, special floats. Checks serialize, json_encode and
 * json_decode(assoc) against what PHP printed.
 */
class PhpValueVectorsTest {

    @Test
    void serializeJsonEncodeAndJsonDecodeMatchPhp() throws IOException {
        int values = 0;
        int jsonEncoded = 0;
        int jsonRefused = 0;
        for (String[] f : PhpVectors.read("/php/values.txt")) {
            byte[] serialized = ByteBufUtil.decodeHexDump(f[0]);
            Object value = PhpSerializer.unserialize(serialized);
            assertArrayEquals(serialized, PhpSerializer.serialize(value), f[0]);
            values++;
            if (f[1].equals("false")) {
                assertThrows(PhpJsonException.class, () -> PhpJson.encode(value), f[0]);
                jsonRefused++;
            } else {
                String json = new String(ByteBufUtil.decodeHexDump(f[1]), StandardCharsets.UTF_8);
                assertEquals(json, PhpJson.encode(value), f[0]);
                byte[] decodedSerialized = ByteBufUtil.decodeHexDump(f[2]);
                assertEquals(new String(decodedSerialized, StandardCharsets.UTF_8),
                        new String(PhpSerializer.serialize(PhpJson.decode(json)), StandardCharsets.UTF_8), json);
                jsonEncoded++;
            }
        }
        assertTrue(values > 1000 && jsonEncoded > 500 && jsonRefused > 50,
                values + " values, " + jsonEncoded + " json, " + jsonRefused + " refused");
    }
}
