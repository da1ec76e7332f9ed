package io.gwkit.cluster;

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
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** End clients for cluster tests: a text-protocol socket and an OkHttp websocket, both with a message queue. */
public final class TestClients {

    public static final long AWAIT_SECONDS = 20;
    private static final OkHttpClient OK_HTTP = new OkHttpClient();

    private TestClients() {
    }

    public interface Client extends Closeable {
        void send(String message) throws IOException;

        String take() throws InterruptedException;

        BlockingQueue<String> received();
    }

    static String take(BlockingQueue<String> q, String who) throws InterruptedException {
        String s = q.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError(who + " received nothing within " + AWAIT_SECONDS + " s");
        }
        return s;
    }

    public static final class Text implements Client {
        private final Socket socket;
        private final OutputStream out;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        public Text(InetSocketAddress address) throws IOException {
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

        /** Sends exact bytes as one text-protocol message (a newline is appended). */
        public void sendBytes(byte[] message) throws IOException {
            out.write(message);
            out.write('\n');
            out.flush();
        }

        @Override
        public String take() throws InterruptedException {
            return TestClients.take(lines, "text client");
        }

        @Override
        public BlockingQueue<String> received() {
            return lines;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    public static final class Ws implements Client {
        private final WebSocket ws;
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

        public Ws(InetSocketAddress address, String path) {
            Request req = new Request.Builder()
                    .url("http://" + address.getHostString() + ":" + address.getPort() + path).build();
            ws = OK_HTTP.newWebSocket(req, new WebSocketListener() {
                @Override
                public void onMessage(WebSocket webSocket, String text) {
                    messages.add(text);
                }

                @Override
                public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                    messages.add("FAILURE " + t);
                }
            });
        }

        @Override
        public void send(String message) {
            ws.send(message);
        }

        @Override
        public String take() throws InterruptedException {
            return TestClients.take(messages, "websocket client");
        }

        @Override
        public BlockingQueue<String> received() {
            return messages;
        }

        @Override
        public void close() {
            ws.close(1000, null);
        }
    }
}
