package io.gwkit.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the push API's request pipeline up to the handler, as {@code HttpPushServer} builds it (HTTP
 * codec, keep-alive, {@link RequestGate}, the aggregator with a 256-byte body limit), in an {@code EmbeddedChannel}.
 * Findings: an exception other than a Netty codec exception; a request reaching the handler without the token,
 * POST and {@code application/json} (health GETs aside) or with a Host the gate must refuse; a body over the
 * limit; chunked and whole feeds letting different requests through. {@code mvn test} replays
 * {@code HttpGateFuzzTestInputs/requestStream/}; see docs/FUZZING.md.
 *
 * <p>Input: byte 0 picks the chunking (as the other targets), byte 1 bit 0 prefixes an authorized request head
 * (so the fuzzer spends its time on bodies and what follows), the rest is the client's byte stream.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
@Tag("socket")
class HttpGateFuzzTest {

    static final String TOKEN = "fuzz-token";
    static final int MAX_BODY = 256;
    static final int MAX_INPUT = 2048;
    static final byte[] AUTHORIZED = ("POST /v1/sendToAll HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer "
            + TOKEN + "\r\nContent-Type: application/json\r\n").getBytes(StandardCharsets.ISO_8859_1);

    @FuzzTest
    void requestStream(byte[] input) {
        input = Arrays.copyOf(input, Math.min(input.length, MAX_INPUT));
        List<String> chunked = feed(input, true);
        List<String> whole = feed(input, false);
        assertEquals(whole, chunked, "requests let through differ between chunked and whole input");
    }

    static List<String> feed(byte[] input, boolean chunked) {
        List<String> passed = new ArrayList<>();
        List<Throwable> unexpected = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                new RequestGate(TOKEN, Set.of("push.internal")), new HttpObjectAggregator(MAX_BODY),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        try {
                            passed.add(check((FullHttpRequest) msg));
                        } finally {
                            ReferenceCountUtil.release(msg);
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        if (!(cause instanceof CodecException)) {
                            unexpected.add(cause);
                        }
                        ctx.close();
                    }
                });
        byte[] stream = stream(input);
        int pattern = input.length == 0 ? 0 : input[0] & 0xFF;
        Random sizes = new Random(pattern);
        int pos = 0;
        while (pos < stream.length && ch.isOpen()) {
            int size = !chunked ? stream.length - pos : pattern < 0x80 ? pattern + 1 : 1 + sizes.nextInt(64);
            int n = Math.min(size, stream.length - pos);
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(stream, pos, n));
            } catch (CodecException e) {
                // thrown after the channel's own close (see WebSocketFuzzTest): the codec refused the input
            }
            pos += n;
            for (Object m = ch.readOutbound(); m != null; m = ch.readOutbound()) {
                ReferenceCountUtil.release(m);
            }
        }
        ch.finishAndReleaseAll();
        if (!unexpected.isEmpty()) {
            throw new AssertionError("not a codec failure", unexpected.get(0));
        }
        return passed;
    }

    /** What the handler would get must be what the gate lets through; returns a summary for the comparison. */
    static String check(FullHttpRequest req) {
        String host = String.valueOf(req.headers().get(HttpHeaderNames.HOST)).toLowerCase();
        assertTrue(!host.contains("evil") && !host.isEmpty(), "Host let through: " + host);
        assertTrue(req.content().readableBytes() <= MAX_BODY, "body over the limit");
        String path = req.uri().split("\\?", 2)[0];
        if (path.equals("/v1/health") && (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD))) {
            return "health";
        }
        assertEquals("Bearer " + TOKEN, req.headers().get(HttpHeaderNames.AUTHORIZATION), "no token");
        assertEquals(HttpMethod.POST, req.method());
        assertTrue(String.valueOf(HttpUtil.getMimeType(req)).trim().equalsIgnoreCase("application/json"),
                "content type " + HttpUtil.getMimeType(req));
        return req.method() + " " + req.uri() + " " + req.content().readableBytes();
    }

    static byte[] stream(byte[] input) {
        if (input.length < 2) {
            return new byte[0];
        }
        boolean prefix = (input[1] & 1) != 0;
        byte[] head = prefix ? AUTHORIZED : new byte[0];
        byte[] stream = new byte[head.length + input.length - 2];
        System.arraycopy(head, 0, stream, 0, head.length);
        System.arraycopy(input, 2, stream, head.length, input.length - 2);
        return stream;
    }
}
