package io.gwkit.gateway;

import static io.gwkit.testing.InnerPeer.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link GatewayStats} follows real traffic on loopback: clients, workers, messages, bytes, slow-client closes. */
@Tag("socket")
class GatewayStatsTest {

    @Test
    void countsFollowTraffic() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b.clientSendBufferLimit(256 * 1024)
                .slowClient(SlowClientPolicy.CLOSE, Duration.ZERO));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
            GatewayStats stats = fx.gateway.stats();
            awaitValue(1, stats::workers);
            try (LinePeer client = new LinePeer(fx.text())) {
                long id = worker.readEvent().connectionId();
                assertEquals(1, stats.clients());
                client.sendLine("hi");
                assertEquals(Command.ON_MESSAGE.code(), worker.readEvent().cmd());
                assertEquals(1, stats.messagesReceived());
                assertEquals(2, stats.bytesReceived()); // the payload, without the text protocol's newline
                worker.send(request(Command.SEND_TO_ONE, id, "", "abc"));
                assertEquals("abc", client.readLine());
                assertEquals(1, stats.messagesSent());
                assertEquals(3, stats.bytesSent());
                assertTrue(stats.innerRequests(Command.SEND_TO_ONE) >= 1);
                assertEquals(0, stats.sendBufferCloses());
            }
            assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());
            assertEquals(0, stats.clients());

            // a client that reads nothing while 12 MiB are sent to it is closed once its buffer is full
            try (LinePeer slow = new LinePeer(fx.tcp())) {
                slow.socket().setReceiveBufferSize(4096);
                long slowId = worker.readEvent().connectionId();
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 200; i++) {
                    worker.send(GatewayFrame.request(Command.SEND_TO_ONE, slowId, 1, null, chunk));
                }
                assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());
                assertEquals(1, stats.sendBufferCloses());
                assertEquals(0, stats.clients());
            }
        }
    }

    private static void awaitValue(long expected, LongSupplier value) throws InterruptedException {
        io.gwkit.testkit.Await.value("a gateway counter", expected, value::getAsLong);
    }
}
