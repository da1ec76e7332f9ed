package io.gwkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gwkit.php.PhpSerializeException;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.protocol.GatewayFrameDecoder;
import io.gwkit.protocol.GatewayReply;
import io.gwkit.protocol.GatewayReplyDecoder;
import io.gwkit.protocol.MalformedFrameException;
import io.gwkit.protocol.ProtocolException;
import io.gwkit.protocol.RegisterLineDecoder;
import io.gwkit.protocol.RegisterMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for the wire decoders: inner frames, gateway replies, register lines. Only a
 * {@link ProtocolException} may escape; anything else, a hang (the timeout is per input while fuzzing) or
 * an OOM is a finding. {@code mvn test} replays the corpus in {@code WireFuzzTestInputs/<target>/};
 * docs/FUZZING.md says how to fuzz. Limits are small so the fuzzer can reach both sides of them.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WireFuzzTest {

    static final int MAX_FRAME = 4096;
    static final int MAX_REPLY = 4096;
    static final int MAX_LINE = 256;

    /** One whole frame: it decodes to a frame that encodes to exactly these bytes, or is refused. */
    @FuzzTest
    void frameCodec(byte[] input) {
        GatewayFrame frame;
        try {
            frame = GatewayFrameCodec.decode(input, MAX_FRAME);
        } catch (ProtocolException refused) {
            return;
        }
        assertArrayEquals(input, GatewayFrameCodec.encode(frame));
    }

    /** The inner link's Netty decoder, fed in chunks (see {@link Chunked}): frames re-encode to a prefix of the stream. */
    @FuzzTest
    void frameDecoderStream(byte[] input) {
        Chunked out = Chunked.feedAndCompare(() -> new GatewayFrameDecoder(MAX_FRAME), input);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        for (Object frame : out.messages()) {
            encoded.writeBytes(GatewayFrameCodec.encode((GatewayFrame) frame));
        }
        assertPrefix(encoded.toByteArray(), input);
    }

    /** One whole reply (u32 length + serialized value): re-encodes to these bytes; its value decodes or is refused. */
    @FuzzTest
    void replyDecode(byte[] input) {
        GatewayReply reply;
        try {
            reply = GatewayReply.decode(input, MAX_REPLY);
        } catch (ProtocolException refused) {
            return;
        }
        assertArrayEquals(input, reply.toBytes());
        valueOrRefusal(reply);
    }

    /** The reply connection's Netty decoder, fed in chunks; each reply's value decodes or is refused. */
    @FuzzTest
    void replyDecoderStream(byte[] input) {
        Chunked out = Chunked.feedAndCompare(() -> new GatewayReplyDecoder(MAX_REPLY), input);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        for (Object reply : out.messages()) {
            encoded.writeBytes(((GatewayReply) reply).toBytes());
            valueOrRefusal((GatewayReply) reply);
        }
        assertPrefix(encoded.toByteArray(), input);
    }

    /** The register link's Netty line decoder, fed in chunks, each line then parsed. */
    @FuzzTest
    void registerLines(byte[] input) {
        Chunked out = Chunked.feedAndCompare(() -> new RegisterLineDecoder(MAX_LINE), input);
        for (Object line : out.messages()) {
            parseOrRefusal((String) line);
        }
    }

    /** RegisterMessage.parse on any text (the input read as UTF-8, malformed bytes replaced). */
    @FuzzTest
    void registerParse(byte[] input) {
        parseOrRefusal(new String(input, StandardCharsets.UTF_8));
    }

    private static void valueOrRefusal(GatewayReply reply) {
        try {
            reply.value();
        } catch (PhpSerializeException refused) {
            // a typed refusal is the documented outcome
        }
    }

    /**
     * A parsed line renders back to a line that parses to the same message, unless a field holds what PHP
     * splices in unescaped ({@code "}, {@code \}, control characters): documented not to survive.
     */
    private static void parseOrRefusal(String line) {
        RegisterMessage message;
        try {
            message = RegisterMessage.parse(line);
        } catch (MalformedFrameException refused) {
            return;
        }
        boolean spliceSafe = !(message instanceof RegisterMessage.GatewayConnect gc)
                || (spliceSafe(gc.address()) && spliceSafe(gc.secretKey()));
        if (message instanceof RegisterMessage.WorkerConnect wc) {
            spliceSafe = spliceSafe(wc.secretKey());
        }
        if (spliceSafe) {
            assertEquals(message, RegisterMessage.parse(message.toLine()));
        }
    }

    private static boolean spliceSafe(String field) {
        return field.chars().noneMatch(c -> c == '"' || c == '\\' || c < 0x20);
    }

    /** The stream starts after the chunking byte. */
    private static void assertPrefix(byte[] prefix, byte[] input) {
        int from = Math.min(1, input.length);
        assertArrayEquals(prefix, Arrays.copyOfRange(input, from, Math.min(input.length, from + prefix.length)),
                "decoded messages do not re-encode to the start of the stream");
    }
}
