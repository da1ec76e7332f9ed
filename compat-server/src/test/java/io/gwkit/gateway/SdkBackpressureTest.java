package io.gwkit.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.client.GatewayClient;
import io.gwkit.client.GatewayOverloadedException;
import io.gwkit.client.GatewayTimeoutException;
import io.gwkit.protocol.ClientId;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The SDK sees a gateway that holds it back (a slow client, docs/ROBUSTNESS.md "Slow clients and bursts") as
 * later completion: async sends complete once written, blocking calls fail with a timeout, and nothing is lost.
 */
@Tag("socket")
class SdkBackpressureTest {

    /** A gateway that holds back whoever sends to a client with 64 KiB unsent, for as long as it takes. */
    private static GatewayFixture blockingGateway() throws Exception {
        return new GatewayFixture("", b -> b.clientSendBufferLimit(64 * 1024)
                .slowClient(SlowClientPolicy.BLOCK, Duration.ZERO));
    }

    /** One pooled connection: its sends keep their order. */
    private static GatewayClient.Builder sdk(GatewayFixture fx) {
        return GatewayClient.builder().registerAddress("127.0.0.1:" + fx.registerAddress.getPort())
                .connectTimeout(Duration.ofMillis(500)).replyTimeout(Duration.ofMillis(500)).connectionsPerGateway(1);
    }

    /** Connects {@code slow} (a small receive buffer, reads nothing yet); its client_id once the SDK's link is up. */
    private static String connectSlowClient(GatewayFixture fx, InnerPeer worker, Socket slow, GatewayClient sdk)
            throws Exception {
        slow.setReceiveBufferSize(4096);
        slow.connect(fx.text());
        slow.setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
        GatewayFrame connect = worker.readEvent();
        String clientId = new ClientId(connect.localIp(), connect.localPort(), connect.connectionId()).toString();
        assertTrue(sdk.isOnline(clientId));                        // the pooled connection is up: sends keep order
        return clientId;
    }

    @Test
    void asyncSendsCompleteLaterBlockingOnesTimeOutAndEveryMessageArrives() throws Exception {
        try (GatewayFixture fx = blockingGateway();
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             Socket slow = new Socket();
             GatewayClient sdk = sdk(fx).build()) {
            String clientId = connectSlowClient(fx, worker, slow, sdk);
            String chunk = "x".repeat(64 * 1024 - 10);
            int count = 400;                                            // 25 MiB: beyond every socket buffer
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sends.add(sdk.async().sendToClient(clientId, String.format("%08d", i) + chunk));
            }
            Thread.sleep(1000);
            long done = sends.stream().filter(CompletableFuture::isDone).count();
            assertTrue(done < count, "held back: " + done + " of " + count + " sends written");
            assertTrue(sends.stream().noneMatch(CompletableFuture::isCompletedExceptionally));
            assertThrows(GatewayTimeoutException.class, () -> sdk.sendToClient(clientId, "blocking"));
            BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(),
                    StandardCharsets.UTF_8));
            for (int i = 0; i < count; i++) {
                String line = in.readLine();
                assertEquals(String.format("%08d", i) + " " + chunk.length(), line.substring(0, Math.min(8, line.length()))
                        + " " + (line.length() - 8), "message " + i);
            }
            CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
            assertEquals("blocking", in.readLine());                   // timed out for its caller, not lost
            assertEquals(0, fx.gateway.stats().sendBufferDrops());
        }
    }

    @Test
    void pastMaxQueuedBytesAsyncCallsFailAtOnceWithATypedErrorAndTheAcceptedOnesArriveInOrder() throws Exception {
        try (GatewayFixture fx = blockingGateway();
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             Socket slow = new Socket();
             GatewayClient sdk = sdk(fx).maxQueuedBytes(1024 * 1024).build()) {
            String clientId = connectSlowClient(fx, worker, slow, sdk);
            String chunk = "x".repeat(64 * 1024 - 10);
            int count = 400;                                            // 25 MiB against a 1 MiB cap
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sends.add(sdk.async().sendToClient(clientId, String.format("%08d", i) + chunk));
            }
            List<Integer> accepted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                CompletableFuture<Void> f = sends.get(i);
                if (f.isCompletedExceptionally()) {
                    ExecutionException e = assertThrows(ExecutionException.class, f::get);
                    assertInstanceOf(GatewayOverloadedException.class, e.getCause());
                    assertTrue(e.getCause().getMessage().startsWith("sendToClient: "), e.getCause().getMessage());
                } else {
                    accepted.add(i);
                }
            }
            assertTrue(accepted.size() < count, "some calls refused: " + accepted.size() + " accepted");
            assertTrue(accepted.size() >= 16, "the cap's worth accepted: " + accepted.size());
            BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(),
                    StandardCharsets.UTF_8));
            for (int i : accepted) {                                    // the accepted ones, in order, nothing else
                String line = in.readLine();
                assertEquals(String.format("%08d", i), line.substring(0, 8), "message " + i);
            }
            CompletableFuture.allOf(accepted.stream().map(sends::get).toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
            sdk.async().sendToClient(clientId, "after").get(10, TimeUnit.SECONDS);  // drained: accepted again
            assertEquals("after", in.readLine());
        }
    }
}
