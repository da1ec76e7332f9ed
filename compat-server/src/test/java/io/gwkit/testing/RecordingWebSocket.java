package io.gwkit.testing;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** An OkHttp websocket that records the text messages it receives (and failures, as "failure: ..."). */
public final class RecordingWebSocket implements AutoCloseable {

    private final OkHttpClient http;
    private final WebSocket socket;
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

    public RecordingWebSocket(OkHttpClient http, String url) {
        this.http = http;
        this.socket = http.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
                received.add(text);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                received.add("failure: " + t);
            }
        });
    }

    /** The next received message, or null after 15 s. */
    public String next() throws InterruptedException {
        return received.poll(15, TimeUnit.SECONDS);
    }

    public void send(String text) {
        socket.send(text);
    }

    @Override
    public void close() {
        socket.cancel();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
