package io.gwkit.gateway;

import static io.gwkit.testing.InnerPeer.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testing.Bystanders;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LogCapture;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A client message that, with the client's session, would make an inner frame above the limit closes that client
 * only (issue 16, item 6): the worker link, which would otherwise be closed by the worker's decoder, stays.
 */
@Tag("socket")
class OversizeEventTest {

    private static final int LIMIT = 64 * 1024;

    @Test
    void aMessagePlusSessionOverTheFrameLimitClosesThatClientOnly() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.maxInnerFrameLength(LIMIT));
             Bystanders others = new Bystanders(fx, ""); LogCapture log = new LogCapture();
             Socket offender = new Socket()) {
            offender.connect(fx.text(), InnerPeer.READ_TIMEOUT_MS);
            offender.setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
            GatewayFrame connect = others.worker.readEvent();
            assertEquals(Command.ON_CONNECT.code(), connect.cmd());
            long id = connect.connectionId();
            String value = "s".repeat(40_000);
            others.worker.send(request(Command.SET_SESSION, id,
                    "a:1:{s:1:\"k\";s:" + value.length() + ":\"" + value + "\";}", ""));
            others.worker.send(request(Command.IS_ONLINE, id, "", ""));
            assertEquals("i:1;", others.worker.readReply());

            offender.getOutputStream().write(("m".repeat(30_000) + "\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = offender.getInputStream();
            assertEquals(-1, in.read(), "the offender is closed");
            GatewayFrame close = others.worker.readEvent();
            assertEquals(Command.ON_CLOSE.code(), close.cmd(), "no message event, only the close");
            assertEquals(id, close.connectionId());
            List<String> lines = log.await("WARN", "exceeds the inner frame limit");
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("closing the client"), lines.get(0));
            others.assertServed();
            assertEquals(1, fx.gateway.workerCount());
        }
    }
}
