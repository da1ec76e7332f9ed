package io.gwkit.testing;

import static io.gwkit.testing.InnerPeer.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The parties a hostile peer must not disturb: a connected worker link and an end client on the text
 * listener. {@link #assertServed} proves both still work: a message from the worker reaches the client (and
 * is the first thing it gets, so nothing leaked in before) and a line from the client reaches the worker.
 */
public final class Bystanders implements AutoCloseable {

    public final InnerPeer worker;
    public final long clientConnectionId;
    private final Socket client;
    private final BufferedReader clientIn;
    private final OutputStream clientOut;
    private int probes;

    public Bystanders(GatewayFixture fx, String secretJson) throws IOException {
        worker = new InnerPeer(fx.inner()).announceWorker("bystander:0", secretJson);
        client = new Socket();
        client.connect(fx.text(), InnerPeer.READ_TIMEOUT_MS);
        client.setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
        clientIn = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        clientOut = client.getOutputStream();
        GatewayFrame connect = worker.readEvent();
        assertEquals(Command.ON_CONNECT.code(), connect.cmd());
        clientConnectionId = connect.connectionId();
    }

    public String clientReadLine() throws IOException {
        return clientIn.readLine();
    }

    public void clientSend(String line) throws IOException {
        clientOut.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        clientOut.flush();
    }

    /** Both directions still work, and the client received nothing since the last check. */
    public void assertServed() throws IOException {
        String probe = "probe " + (++probes);
        worker.send(request(Command.SEND_TO_ONE, clientConnectionId, "", probe));
        assertEquals(probe, clientReadLine(), "the bystander client got something else first");
        clientSend("echo " + probes);
        GatewayFrame message;
        do {
            message = worker.readEvent(); // skipping events of other clients (e.g. an offender's close)
        } while (message.connectionId() != clientConnectionId);
        assertEquals(Command.ON_MESSAGE.code(), message.cmd());
        assertEquals("echo " + probes, new String(message.body(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        client.close();
        worker.close();
    }
}
