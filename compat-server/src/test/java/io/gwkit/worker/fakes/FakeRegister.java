package io.gwkit.worker.fakes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A register played by the test: records every line it receives and answers each line (a worker_connect) with
 * the configured {@code broadcast_addresses} line. {@link #broadcast} pushes a new list to every connection.
 */
public final class FakeRegister extends LoopbackServer {

    public final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile String addressesLine = "{\"event\":\"broadcast_addresses\",\"addresses\":[]}";

    public FakeRegister() throws IOException {
        super("fake-register");
        startAccepting();
    }

    /** Sets the list sent in reply to worker_connect (JSON strings, already quoted as PHP would). */
    public void addresses(String... addresses) {
        StringBuilder sb = new StringBuilder("{\"event\":\"broadcast_addresses\",\"addresses\":[");
        for (int i = 0; i < addresses.length; i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(addresses[i]).append('"');
        }
        addressesLine = sb.append("]}").toString();
    }

    public void broadcast(String... addresses) throws IOException {
        addresses(addresses);
        for (Socket s : connections) {
            write(s, addressesLine);
        }
    }

    public String takeLine() throws InterruptedException {
        String l = lines.poll(FakeGateway.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (l == null) {
            throw new AssertionError("register received no line");
        }
        return l;
    }

    /** Drops every connection (as a register restart would). */
    public void dropConnections() throws IOException {
        for (Socket s : connections) {
            s.close();
        }
        connections.clear();
    }

    @Override
    void serve(Socket s) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.contains("worker_connect")) {
                    write(s, addressesLine);
                }
            }
        }
    }

    private static synchronized void write(Socket s, String line) throws IOException {
        s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }
}
