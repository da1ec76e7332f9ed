package io.gwkit.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.LinePeer;
import io.gwkit.testing.RecordingWebSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** TLS listeners (text+tls, wss) from PEM files, and a graceful stop. */
@Tag("socket")
class GatewayTlsAndStopTest {

    private static final Path CERT = Path.of("src/test/resources/tls/cert.pem");
    private static final Path KEY = Path.of("src/test/resources/tls/key.pem");

    /** Test-only: trusts the self-signed test certificate (and anything else). */
    private static final X509TrustManager TRUST_ALL = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {TRUST_ALL}, null);
        return ctx;
    }

    @Test
    void textAndWebSocketOverTls() throws Exception {
        try (GatewayFixture fx = new GatewayFixture("", b -> b
                .listen(Listener.of(Listener.Protocol.TEXT, "127.0.0.1", 0).withTls(CERT, KEY))
                .listen(Listener.of(Listener.Protocol.WEBSOCKET, "127.0.0.1", 0).withTls(CERT, KEY)));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
            InetSocketAddress tlsText = fx.gateway.listenerAddresses().get(4);
            InetSocketAddress wss = fx.gateway.listenerAddresses().get(5);

            SSLContext ssl = trustAll();
            try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", tlsText.getPort())) {
                socket.setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
                socket.startHandshake();
                long id = worker.readEvent().connectionId();
                socket.getOutputStream().write("over tls\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("over tls", new String(worker.readEvent().body(), StandardCharsets.UTF_8));
                worker.send(InnerPeer.request(Command.SEND_TO_ONE, id, "", "secure reply"));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals("secure reply", in.readLine());
            }
            assertEquals(Command.ON_CLOSE.code(), worker.readEvent().cmd());

            OkHttpClient http = new OkHttpClient.Builder()
                    .sslSocketFactory(ssl.getSocketFactory(), TRUST_ALL)
                    .hostnameVerifier((host, session) -> true)
                    .build();
            try (RecordingWebSocket ws = new RecordingWebSocket(http, "wss://127.0.0.1:" + wss.getPort() + "/")) {
                long id = worker.readEvent().connectionId();
                assertEquals(Command.ON_WEBSOCKET_CONNECT.code(), worker.readEvent().cmd());
                worker.send(InnerPeer.request(Command.SEND_TO_ONE, id, "", "wss hello"));
                assertEquals("wss hello", ws.next());
            }
        }
    }

    @Test
    void stopDeliversPendingMessagesThenClosesClientsAndWorkers() throws Exception {
        GatewayFixture fx = new GatewayFixture();
        try (InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "");
             LinePeer client = new LinePeer(fx.text())) {
            long id = worker.readEvent().connectionId();
            worker.send(GatewayFrame.request(Command.SEND_TO_ONE, id, 1, null,
                    "last words".getBytes(StandardCharsets.UTF_8)));
            assertEquals("last words", client.readLine());
            fx.gateway.close();
            assertTrue(client.closedByPeer());
            // the worker may first get the client's ON_CLOSE (28 bytes): skip bytes until the end of stream
            boolean workerClosed = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!workerClosed && System.nanoTime() < deadline) {
                workerClosed = worker.closedByPeer();
            }
            assertTrue(workerClosed);
        } finally {
            fx.close();
        }
    }
}
