package io.gwkit.worker.fakes;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A register played by the test: records every line it receives and answers each line (a worker_connect) with
 * the configured {@code broadcast_addresses} line. {@link #broadcast} pushes a new list to every connection.
 */
public final class FakeRegister implements Closeable {

    private final ServerSocket server;
    public final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private volatile String addressesLine = "{\"event\":\"broadcast_addresses\",\"addresses\":[]}";

    public FakeRegister() throws IOException {
        this(0);
    }

    public FakeRegister(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread t = new Thread(this::acceptLoop, "fake-register");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
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

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.add(s);
                Thread t = new Thread(() -> serve(s), "fake-register-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.contains("worker_connect")) {
                    write(s, addressesLine);
                }
            }
        } catch (IOException e) {
            // connection gone
        } finally {
            connections.remove(s);
        }
    }

    private static synchronized void write(Socket s, String line) throws IOException {
        s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
