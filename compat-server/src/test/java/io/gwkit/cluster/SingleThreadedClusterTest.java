package io.gwkit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The lean threading of {@code gw start}: each gateway on one event loop ({@code count(1)}) and handlers on
 * the worker's I/O thread ({@code handlerThreads(0)}). Same behaviour as the default threading: per-client
 * order, the whole API from handlers (blocking requests included), session refetch.
 */
@Tag("socket")
class SingleThreadedClusterTest {

    private static LocalCluster.Builder lean() {
        return LocalCluster.builder().gatewayCount(1).handlerThreads(0);
    }

    @Test
    void handlersUseTheWholeApiIncludingBlockingRequests() throws Exception {
        LocalClusterTest.handlersUseTheWholeApi(lean());
    }

    @Test
    void aSessionSetByAGatewayClientIsRefetchedWithoutBlockingTheWorker() throws Exception {
        LocalClusterTest.aSessionSetElsewhereIsRefetched(lean());
    }

    @Test
    void aFailingHandlerOnTheIoThreadLeavesTheWorkerServing() throws Exception {
        try (LocalCluster cluster = lean().ephemeralPorts().handler(() -> new io.gwkit.worker.DemoApp() {
            @Override
            public void onMessage(io.gwkit.worker.EventContext ctx, String clientId, String message) {
                if (message.equals("boom")) {
                    throw new IllegalStateException("handler failure (expected by the test)");
                }
                super.onMessage(ctx, clientId, message);
            }
        }).build().start();
             TestClients.Text a = new TestClients.Text(cluster.textAddress())) {
            a.take();
            a.send("boom");
            a.send("after");
            assertEquals("echo after", a.take());
        }
    }

    @Test
    void pipelinedMessagesOfSeveralClientsAreAnsweredInOrder() throws Exception {
        int n = 500;
        try (LocalCluster cluster = lean().ephemeralPorts().build().start();
             TestClients.Text a = new TestClients.Text(cluster.textAddress());
             TestClients.Text b = new TestClients.Text(cluster.textAddress())) {
            a.take();
            b.take();
            StringBuilder burstA = new StringBuilder();
            StringBuilder burstB = new StringBuilder();
            for (int i = 0; i < n; i++) {
                burstA.append("a").append(i).append('\n');
                burstB.append("b").append(i).append('\n');
            }
            // one write each: the gateway reads many messages per syscall and the worker gets them in batches
            a.sendBytes(burstA.substring(0, burstA.length() - 1).getBytes(StandardCharsets.US_ASCII));
            b.sendBytes(burstB.substring(0, burstB.length() - 1).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < n; i++) {
                assertEquals("echo a" + i, a.take());
                assertEquals("echo b" + i, b.take());
            }
            a.send("say done");
            String said = a.take();
            assertEquals(said, b.take());
        }
    }
}
