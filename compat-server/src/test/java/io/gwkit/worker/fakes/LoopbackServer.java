package io.gwkit.worker.fakes;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A blocking loopback server for test fakes: one daemon thread per accepted connection runs {@link #serve}. */
abstract class LoopbackServer implements Closeable {

    private final ServerSocket server;
    /** Open accepted connections. */
    final List<Socket> connections = new CopyOnWriteArrayList<>();

    private final String name;

    LoopbackServer(String name) throws IOException {
        this.name = name;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Starts accepting; a subclass calls it last in its constructor, once its own fields are set. */
    final void startAccepting() {
        start(name + "-" + server.getLocalPort(), this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Handles one connection until it ends; exceptions end it. */
    abstract void serve(Socket socket) throws Exception;

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                connections.add(s);
                start("fake-conn", () -> {
                    try {
                        serve(s);
                    } catch (IOException e) {
                        // the connection ended
                    } catch (Exception e) {
                        System.err.println("fake server connection failed: " + e); // a broken fake, not the peer
                    } finally {
                        connections.remove(s);
                        closeQuietly(s);
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            closeQuietly(s);
        }
    }
}
