package io.gwkit.php;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.protocol.ProtocolException;
import io.gwkit.protocol.RegisterMessage;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of valid inputs: every decoder either succeeds or throws its typed exception — never an
 * IndexOutOfBounds, NumberFormat, ClassCast, OutOfMemory or StackOverflow.
 */
@Tag("socket")
class HostileInputFuzzTest {

    private static final int MUTANTS_PER_INPUT = 12;
    private static final byte[] INTERESTING = "0123456789:;{}\"-+.eEaisdbNOC".getBytes(StandardCharsets.US_ASCII);

    private static List<byte[]> serializedSeeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String[] row : PhpVectors.read("/php/values.txt")) {
            seeds.add(ByteBufUtil.decodeHexDump(row[0]));
        }
        return seeds;
    }

    static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        switch (r.nextInt(5)) {
            case 0: // truncate
                return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
            case 1: // random byte
                if (b.length > 0) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return b;
            case 2: // syntax byte
                if (b.length > 0) {
                    b[r.nextInt(b.length)] = INTERESTING[r.nextInt(INTERESTING.length)];
                }
                return b;
            case 3: { // insert digits (grows lengths and counts)
                int at = b.length == 0 ? 0 : r.nextInt(b.length);
                byte[] digits = Long.toString(Math.abs(r.nextLong())).getBytes(StandardCharsets.US_ASCII);
                byte[] out = new byte[b.length + digits.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(digits, 0, out, at, digits.length);
                System.arraycopy(b, at, out, at + digits.length, b.length - at);
                return out;
            }
            default: { // duplicate a slice
                if (b.length < 2) {
                    return b;
                }
                int from = r.nextInt(b.length - 1);
                int to = from + 1 + r.nextInt(b.length - from - 1);
                byte[] out = new byte[b.length + (to - from)];
                System.arraycopy(b, 0, out, 0, to);
                System.arraycopy(b, from, out, to, b.length - from);
                return out;
            }
        }
    }

    @Test
    void unserializeOnlyThrowsItsTypedException() throws IOException {
        Random r = new Random(7);
        int accepted = 0;
        int refused = 0;
        for (byte[] seed : serializedSeeds()) {
            for (int i = 0; i < MUTANTS_PER_INPUT; i++) {
                byte[] mutant = mutate(seed, r);
                try {
                    Object v = PhpSerializer.unserialize(mutant);
                    PhpSerializer.serialize(v);
                    accepted++;
                } catch (PhpSerializeException expected) {
                    refused++;
                } catch (RuntimeException | Error e) {
                    fail("unserialize(" + new String(mutant, StandardCharsets.ISO_8859_1) + ") threw " + e, e);
                }
            }
        }
        assertTrue(accepted > 100 && refused > 5_000, accepted + " accepted, " + refused + " refused");
    }

    @Test
    void jsonDecodeOnlyThrowsItsTypedException() throws IOException {
        Random r = new Random(11);
        int checked = 0;
        for (String[] row : PhpVectors.read("/php/values.txt")) {
            if (row[1].equals("false")) {
                continue;
            }
            byte[] json = ByteBufUtil.decodeHexDump(row[1]);
            for (int i = 0; i < MUTANTS_PER_INPUT; i++) {
                byte[] mutant = mutate(json, r);
                try {
                    PhpJson.encode(PhpJson.decode(mutant));
                } catch (PhpJsonException expected) {
                    // refused, as json_decode would
                } catch (RuntimeException | Error e) {
                    fail("decode(" + new String(mutant, StandardCharsets.ISO_8859_1) + ") threw " + e, e);
                }
                checked++;
            }
        }
        assertTrue(checked > 5_000, "mutants: " + checked);
    }

    @Test
    void frameDecodeOnlyThrowsProtocolExceptions() {
        Random r = new Random(13);
        byte[] seed = GatewayFrameCodec.encode(new GatewayFrame(3, 0x7f000001L, 2900, 0x7f000001L, 40000, 1, 1, 8282,
                "a:1:{s:1:\"k\";s:1:\"v\";}".getBytes(StandardCharsets.US_ASCII), "hello".getBytes(StandardCharsets.US_ASCII)));
        for (int i = 0; i < 5_000; i++) {
            byte[] mutant = mutate(seed, r);
            try {
                GatewayFrameCodec.decode(mutant, 1024);
            } catch (ProtocolException expected) {
                // refused
            } catch (RuntimeException | Error e) {
                fail("frame " + ByteBufUtil.hexDump(mutant) + " threw " + e, e);
            }
        }
    }

    @Test
    void registerParseOnlyThrowsProtocolExceptions() {
        Random r = new Random(17);
        String[] seeds = {
            new RegisterMessage.GatewayConnect("127.0.0.1:2900", "s3cr3t/K3y").toLine(),
            new RegisterMessage.WorkerConnect("").toLine(),
            new RegisterMessage.BroadcastAddresses(List.of("127.0.0.1:2900", "127.0.0.1:2901")).toLine(),
        };
        for (String seed : seeds) {
            for (int i = 0; i < 2_000; i++) {
                String mutant = new String(mutate(seed.getBytes(StandardCharsets.UTF_8), r), StandardCharsets.UTF_8);
                try {
                    RegisterMessage.parse(mutant);
                } catch (ProtocolException expected) {
                    // refused
                } catch (RuntimeException | Error e) {
                    fail("parse(" + mutant + ") threw " + e, e);
                }
            }
        }
    }
}
