package io.gwkit.testkit;

import io.gwkit.protocol.RegisterMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A register for unit tests: answers every {@code worker_connect} (what the SDK and a BusinessWorker send)
 * with {@code broadcast_addresses} of the gateways it was given, records every line, and pushes a new list
 * to everyone connected with {@link #broadcast()}.
 *
 * <pre>{@code
 * MockGateway a = new MockGateway();
 * MockRegister register = new MockRegister(a);
 * GatewayClient gw = GatewayClient.builder().registerAddress(register.address()).build();
 * }</pre>
 */
public final class MockRegister extends LoopbackServer {

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile List<String> gateways = List.of();
    private volatile String secretKey;

    /** Starts listening on an ephemeral port of 127.0.0.1, listing these gateways. */
    public MockRegister(MockGateway... gateways) throws IOException {
        super("mock-register");
        gateways(gateways);
    }

    /** The gateways listed from now on. */
    public void gateways(MockGateway... gateways) {
        List<String> addresses = new ArrayList<>();
        for (MockGateway g : gateways) {
            addresses.add(g.address());
        }
        this.gateways = List.copyOf(addresses);
    }

    /** The gateway inner addresses ({@code ip:port}) listed from now on; they need not exist. */
    public void gatewayAddresses(String... addresses) {
        this.gateways = List.of(addresses);
    }

    /**
     * Requires this secret in {@code worker_connect}, as a register with {@code secretKey} does: a wrong one
     * closes the connection unanswered. Null (the default) accepts any.
     */
    public void secretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    /** Sends the current list to every open connection (a register does so when a gateway joins or leaves). */
    public void broadcast() {
        String line = addressesLine();
        for (Socket s : open) {
            try {
                write(s, line);
            } catch (IOException e) {
                closeQuietly(s);
            }
        }
    }

    /** The next line received (without its newline), waiting up to the timeout; AssertionError if none. */
    public String takeLine() throws InterruptedException {
        String l = takeLine(timeout);
        if (l == null) {
            throw new AssertionError("mock register " + address() + " received no line within " + timeout);
        }
        return l;
    }

    /** Lines received and not taken yet. */
    public int pendingLineCount() {
        return lines.size();
    }

    /** The next line received, or null when none arrives within {@code timeout}. */
    public String takeLine(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The next line received, parsed ({@code WorkerConnect}, {@code GatewayConnect}, {@code Ping}...).
     *
     * @throws io.gwkit.protocol.MalformedFrameException for a line a register would not understand
     */
    public RegisterMessage takeRequest() throws InterruptedException {
        return RegisterMessage.parse(takeLine());
    }

    @Override
    void serve(Socket s, int index) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            Fault f = fault;
            if (f == Fault.DISCONNECT_AFTER_REQUEST) {
                return;
            }
            if (f == Fault.NO_RESPONSE) {
                continue;
            }
            if (f == Fault.GARBAGE_REPLY) {
                write(s, "garbage, not JSON");
                continue;
            }
            RegisterMessage m;
            try {
                m = RegisterMessage.parse(line);
            } catch (RuntimeException e) {
                return; // a register drops a peer that sends garbage
            }
            if (m instanceof RegisterMessage.WorkerConnect) {
                String required = secretKey;
                if (required != null && !required.equals(((RegisterMessage.WorkerConnect) m).secretKey())) {
                    return;
                }
                write(s, addressesLine());
            }
        }
    }

    private String addressesLine() {
        return new RegisterMessage.BroadcastAddresses(gateways).toLine();
    }

    private static void write(Socket s, String line) throws IOException {
        synchronized (s) {
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
