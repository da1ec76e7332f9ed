package io.gwkit.cluster;

import io.gwkit.testing.RecordingWebSocket;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/** End clients for cluster tests: a text-protocol socket and an OkHttp websocket, both with a message queue. */
final class TestClients {

    static final long AWAIT_SECONDS = 20;

    private TestClients() {
    }

    interface Client extends Closeable {
        void send(String message) throws IOException;

        String take() throws InterruptedException;
    }

    static String take(BlockingQueue<String> q, String who) throws InterruptedException {
        String s = q.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError(who + " received nothing within " + AWAIT_SECONDS + " s");
        }
        return s;
    }

    static final class Text implements Client {
        private final Socket socket;
        private final OutputStream out;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Text(InetSocketAddress address) throws IOException {
            socket = new Socket(address.getAddress(), address.getPort());
            out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            Thread t = new Thread(() -> {
                try {
                    String l;
                    while ((l = in.readLine()) != null) {
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // closed
                }
            }, "text-client");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void send(String message) throws IOException {
            out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public String take() throws InterruptedException {
            return TestClients.take(lines, "text client");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A websocket client: the gateway tests' {@link RecordingWebSocket} with its own OkHttp client. */
    static final class Ws implements Client {
        private final RecordingWebSocket ws;

        Ws(InetSocketAddress address, String path) {
            ws = new RecordingWebSocket(new OkHttpClient(),
                    "http://" + address.getHostString() + ":" + address.getPort() + path);
        }

        @Override
        public void send(String message) {
            ws.send(message);
        }

        @Override
        public String take() throws InterruptedException {
            String s = ws.next();
            if (s == null) {
                throw new AssertionError("websocket client received nothing");
            }
            return s;
        }

        @Override
        public void close() {
            ws.close();
        }
    }
}
