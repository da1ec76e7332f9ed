package io.gwkit.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.protocol.GatewayFrameCodec;
import io.gwkit.testing.InnerPeer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The worker → gateway bound (PHP's sendToGatewayBufferSize): a gateway that stops reading what the worker sends
 * makes the worker stop reading events, so its queue toward that gateway stays bounded, and nothing is lost.
 */
@Tag("socket")
class WorkerSendBufferTest extends WorkerOnMocks {

    private static final int EVENTS = 1500;
    private static final int EVENT_BYTES = 4 * 1024;
    private static final int REPLY_BYTES = 16 * 1024;

    @Test
    void aGatewayThatStopsReadingPausesTheWorkersEventsUntilItDrainsAndEveryReplyArrivesInOrder() throws Exception {
        try (ServerSocket listen = new ServerSocket()) {
            listen.setReceiveBufferSize(64 * 1024); // accepted sockets inherit it: the kernel holds little
            listen.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            register.gatewayAddresses("127.0.0.1:" + listen.getLocalPort());
            worker = BusinessWorker.builder()
                    .registerAddress(register.address())
                    .sendToGatewayBufferSize(64 * 1024)
                    .handler(new EventHandler() {
                        @Override
                        public void onMessage(EventContext ctx, String clientId, String message) {
                            String n = message.substring(0, message.indexOf(' '));
                            ctx.sendToCurrentClient(n + " " + "r".repeat(REPLY_BYTES));
                        }
                    })
                    .build();
            String log = BusinessWorkerTest.captureStderr(() -> {
                worker.start();
                try (Socket gw = listen.accept()) {
                    gw.setSoTimeout((int) TimeUnit.SECONDS.toMillis(AWAIT_SECONDS));
                    DataInputStream in = new DataInputStream(gw.getInputStream());
                    assertEquals(Command.WORKER_CONNECT.code(), InnerPeer.readFrame(in).cmd());
                    Thread writer = sendEvents(gw.getOutputStream(), listen.getLocalPort());

                    long handled = awaitStable();
                    assertTrue(handled < EVENTS, "the worker stopped taking events: " + handled);
                    assertTrue(handled > 0, "some events were handled before the gateway's buffers filled");
                    assertTrue(worker.stats().gatewayFullPauses() > 0); // more than one while the kernel buffers grew
                    System.out.println("worker paused after " + handled + " of " + EVENTS + " events, "
                            + worker.stats().gatewayFullPauses() + " pauses");

                    for (int i = 0; i < EVENTS; i++) { // the gateway reads again: every reply, in order
                        GatewayFrame f = InnerPeer.readFrame(in);
                        while (f.cmd() != Command.SEND_TO_ONE.code()) {
                            f = InnerPeer.readFrame(in);
                        }
                        String body = new String(f.body(), StandardCharsets.UTF_8);
                        assertEquals(String.valueOf(i), body.substring(0, body.indexOf(' ')));
                        assertEquals(REPLY_BYTES, body.length() - body.indexOf(' ') - 1);
                    }
                    writer.join(TimeUnit.SECONDS.toMillis(AWAIT_SECONDS));
                    assertEquals(EVENTS, worker.stats().events(Command.ON_MESSAGE));
                }
            });
            assertTrue(log.contains("pausing reads from every gateway"), log);
            assertTrue(log.contains("drained: reading events again"), log);
        }
    }

    /** Client 1's messages "0 aaa…", "1 aaa…", … written as fast as the worker reads them, on a thread. */
    private Thread sendEvents(OutputStream out, int gatewayPort) {
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < EVENTS; i++) {
                    byte[] body = (i + " " + "a".repeat(EVENT_BYTES)).getBytes(StandardCharsets.UTF_8);
                    out.write(GatewayFrameCodec.encode(new GatewayFrame(Command.ON_MESSAGE.code(), LOCALHOST,
                            gatewayPort, LOCALHOST, 40001, 1, GatewayFrame.FLAG_SCALAR, 8282, new byte[0], body)));
                }
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "fake-gateway-events");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Handled events once the count has not moved for 1 s (the worker paused), failing if it never pauses. */
    private long awaitStable() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = worker.stats().events(Command.ON_MESSAGE);
            if (now == last && now > 0) {
                return now;
            }
            last = now;
            Thread.sleep(1000);
        }
        throw new AssertionError("the worker never stopped taking events; handled " + last);
    }
}
