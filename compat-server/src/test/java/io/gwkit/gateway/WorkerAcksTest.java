package io.gwkit.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.server.internal.WorkerAcks;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of the acknowledgement extension ({@link WorkerAcks}) against scripted workers on its inner
 * port: one that answers the offer (a gwkit worker) and one that does not (a PHP worker).
 */
class WorkerAcksTest {

    private static String body(GatewayFrame f) {
        return new String(f.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aDeadWorkerThatAcknowledgesGetsTheClientsOfItsUnacknowledgedEventsClosedAndOnlyThose() throws Exception {
        try (GatewayFixture fx = new GatewayFixture();
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) { // read the offer
            worker.send(WorkerAcks.ack(0));                                            // accepted
            try (LinePeer handled = new LinePeer(fx.text()); LinePeer inFlight = new LinePeer(fx.text())) {
                assertEquals(Command.ON_CONNECT.code(), worker.readEvent().cmd());     // event 1
                assertEquals(Command.ON_CONNECT.code(), worker.readEvent().cmd());     // event 2
                handled.sendLine("done");
                assertEquals("done", body(worker.readEvent()));                        // event 3
                worker.send(WorkerAcks.ack(3));
                worker.send(WorkerAcks.ack(99));             // more than was sent: logged and ignored
                inFlight.sendLine("lost");
                assertEquals("lost", body(worker.readEvent()));                        // event 4, never acknowledged
                worker.send(WorkerAcks.ack(3));               // the same count again changes nothing
                worker.close();                               // dies

                assertTrue(inFlight.closedByPeer(), "the client of the unacknowledged event was told");
                assertEquals(1, fx.gateway.stats().workerAckCloses());
                handled.socket().setSoTimeout(300);
                assertFalse(handled.closedByPeer(), "a client whose events were all acknowledged stays");
            }
        }
    }

    @Test
    void aWorkerThatDoesNotAnswerTheOfferKeepsPhpBehaviour() throws Exception {
        try (GatewayFixture fx = new GatewayFixture();
             InnerPeer php = new InnerPeer(fx.inner()).announceWorker("w:0", "");    // reads the offer, no answer
             LinePeer client = new LinePeer(fx.text())) {
            assertEquals(Command.ON_CONNECT.code(), php.readEvent().cmd());
            client.sendLine("lost");
            assertEquals("lost", body(php.readEvent()));
            php.close();                                                            // dies with the event
            WorkerGapTest.awaitWorkers(fx, 0);
            client.socket().setSoTimeout(300);
            assertFalse(client.closedByPeer(), "as with PHP, the client is kept (the event is lost silently)");
            assertEquals(0, fx.gateway.stats().workerAckCloses());
        }
    }

    @Test
    void theOfferIsAPingThatComesBeforeAnyEvent() throws Exception {
        try (GatewayFixture fx = new GatewayFixture(); LinePeer early = new LinePeer(fx.text())) {
            Thread.sleep(100);                              // the client's connect is held: no worker yet
            try (InnerPeer worker = new InnerPeer(fx.inner())) {
                worker.send(InnerPeer.request(Command.WORKER_CONNECT, 0, "",
                        "{\"worker_key\":\"w:0\",\"secret_key\":\"\"}"));
                GatewayFrame offer = worker.readFrame();
                assertEquals(Command.PING.code(), offer.cmd());
                assertEquals(GatewayFrame.FLAG_SCALAR, offer.flag());
                assertEquals("gwkit-acks", body(offer));
                assertEquals(Command.ON_CONNECT.code(), worker.readFrame().cmd()); // the held event, after it
            }
        }
    }
}
