package io.gwkit.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import io.gwkit.testing.WsPeer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS listeners from {@link Tls} settings: wss:// and ssl:// beside plain listeners, encrypted PEM and PKCS#12 keys
 * with a password from a file, client certificates, protocols, reload without restart (real sockets, loopback).
 * The files in src/test/resources/tls are self-signed test material (password {@code test-pass}).
 */
@Tag("socket")
class GatewayTlsSettingsTest {

    private static final Path DIR = Path.of("src/test/resources/tls");
    private static final Path CERT = DIR.resolve("cert.pem");
    private static final Tls.Password PASSWORD = Tls.Password.file(DIR.resolve("key-password.txt"));

    @TempDir
    Path temp;

    /** Test-only: trusts any server certificate, and records the last one seen. */
    private static final class TrustAll implements X509TrustManager {
        volatile X509Certificate last;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            last = chain[0];
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static SSLSocket tlsSocket(InetSocketAddress address, TrustAll trust, KeyManagerFactory clientKeys)
            throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(clientKeys == null ? null : clientKeys.getKeyManagers(), new TrustManager[] {trust}, null);
        SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", address.getPort());
        socket.setSoTimeout(InnerPeer.READ_TIMEOUT_MS);
        return socket;
    }

    /** Upgrades over an established socket and returns the status line. */
    private static String upgrade(SSLSocket socket) throws IOException {
        socket.getOutputStream().write(WsPeer.UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }

    @Test
    void wssAndSslListenersServeBesidePlainOnesWithAnEncryptedPemKey() throws Exception {
        Tls tls = Tls.pem(CERT, DIR.resolve("key-encrypted.pem")).withPassword(PASSWORD);
        try (GatewayFixture fx = new GatewayFixture("", b -> b.tls(tls)
                .listen("wss://127.0.0.1:0").listen("ssl://127.0.0.1:0"));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
            TrustAll trust = new TrustAll();
            try (SSLSocket wss = tlsSocket(fx.gateway.listenerAddresses().get(4), trust, null)) {
                assertEquals("HTTP/1.1 101 Switching Protocols", upgrade(wss));
                assertEquals("CN=localhost", trust.last.getSubjectX500Principal().getName());
            }
            try (SSLSocket ssl = tlsSocket(fx.gateway.listenerAddresses().get(5), trust, null)) {
                ssl.getOutputStream().write("raw over tls".getBytes(StandardCharsets.UTF_8));
                while (worker.readEvent().cmd() != Command.ON_MESSAGE.code()) {
                    // ON_CONNECT / ON_CLOSE of the wss client
                }
            }
            try (WsPeer plain = WsPeer.open(fx.websocket())) {
                assertTrue(plain.socket().isConnected()); // the plain websocket listener is still plain
            }
        }
    }

    @Test
    void aPkcs12KeystoreWithAPasswordAndTheProtocolsAllowed() throws Exception {
        Tls tls = Tls.pkcs12(DIR.resolve("server.p12")).withPassword(PASSWORD).withProtocols(List.of("TLSv1.2"));
        try (GatewayFixture fx = new GatewayFixture("", b -> b.listen(
                Listener.parse("text+tls://127.0.0.1:0").withTls(tls)));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
            try (SSLSocket socket = tlsSocket(fx.gateway.listenerAddresses().get(4), new TrustAll(), null)) {
                socket.startHandshake();
                assertEquals("TLSv1.2", socket.getSession().getProtocol());
            }
        }
    }

    @Test
    void requiredClientCertificatesAreVerified() throws Exception {
        Tls tls = Tls.pem(CERT, DIR.resolve("key.pem"))
                .withClientAuth(Tls.ClientAuth.REQUIRE, DIR.resolve("client-ca.pem"))
                .withProtocols(List.of("TLSv1.2")); // TLS 1.2: a refused client fails in the handshake itself
        try (GatewayFixture fx = new GatewayFixture("", b -> b.tls(tls).listen("wss://127.0.0.1:0"));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
            InetSocketAddress wss = fx.gateway.listenerAddresses().get(4);
            try (SSLSocket anonymous = tlsSocket(wss, new TrustAll(), null)) {
                assertThrows(IOException.class, () -> {
                    anonymous.startHandshake();
                    upgrade(anonymous);
                });
            }
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(DIR.resolve("client.p12"))) {
                keystore.load(in, "test-pass".toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keystore, "test-pass".toCharArray());
            try (SSLSocket client = tlsSocket(wss, new TrustAll(), keys)) {
                assertEquals("HTTP/1.1 101 Switching Protocols", upgrade(client));
            }
        }
    }

    @Test
    void reloadTlsServesARenewedCertificateToNewConnections() throws Exception {
        Path cert = copy(CERT, "cert.pem");
        Path key = copy(DIR.resolve("key.pem"), "key.pem");
        try (GatewayFixture fx = new GatewayFixture("", b -> b.tls(Tls.pem(cert, key)).listen("wss://127.0.0.1:0"));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
            InetSocketAddress wss = fx.gateway.listenerAddresses().get(4);
            TrustAll trust = new TrustAll();
            try (SSLSocket s = tlsSocket(wss, trust, null)) {
                s.startHandshake();
            }
            assertEquals("CN=localhost", trust.last.getSubjectX500Principal().getName());

            Files.writeString(key, "not a key");
            IllegalArgumentException broken = assertThrows(IllegalArgumentException.class, fx.gateway::reloadTls);
            assertTrue(broken.getMessage().contains(key.toString()), broken.getMessage());
            try (SSLSocket s = tlsSocket(wss, trust, null)) {
                s.startHandshake(); // the old certificate is still served
            }
            assertEquals("CN=localhost", trust.last.getSubjectX500Principal().getName());

            Files.copy(DIR.resolve("cert2.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(DIR.resolve("key2.pem"), key, StandardCopyOption.REPLACE_EXISTING);
            fx.gateway.reloadTls();
            try (SSLSocket s = tlsSocket(wss, trust, null)) {
                s.startHandshake();
            }
            assertEquals("CN=reloaded.test", trust.last.getSubjectX500Principal().getName());
        }
    }

    @Test
    void tlsReloadCheckPicksUpReplacedFiles() throws Exception {
        Path cert = copy(CERT, "cert.pem");
        Path key = copy(DIR.resolve("key.pem"), "key.pem");
        try (GatewayFixture fx = new GatewayFixture("", b -> b.tls(Tls.pem(cert, key)).listen("wss://127.0.0.1:0")
                .tlsReloadCheck(java.time.Duration.ofMillis(100)));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
            Files.copy(DIR.resolve("key2.pem"), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(DIR.resolve("cert2.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
            TrustAll trust = new TrustAll();
            long deadline = System.nanoTime() + 10_000_000_000L;
            do {
                Thread.sleep(50);
                try (SSLSocket s = tlsSocket(fx.gateway.listenerAddresses().get(4), trust, null)) {
                    s.startHandshake();
                }
            } while (!trust.last.getSubjectX500Principal().getName().equals("CN=reloaded.test")
                    && System.nanoTime() < deadline);
            assertEquals("CN=reloaded.test", trust.last.getSubjectX500Principal().getName());
        }
    }

    /** {@code file} copied into the temporary folder as {@code name}, where a test may replace it. */
    private Path copy(Path file, String name) throws IOException {
        return Files.copy(file, temp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void badSettingsFailAtBuildOrStartNamingTheFileButNeverThePassword() throws Exception {
        IllegalStateException noCert = assertThrows(IllegalStateException.class, () -> GatewayServer.builder()
                .listen("wss://127.0.0.1:0").register("127.0.0.1:1").build());
        assertTrue(noCert.getMessage().contains("wss://127.0.0.1:0"), noCert.getMessage());

        Tls wrongPassword = Tls.pem(CERT, DIR.resolve("key-encrypted.pem"))
                .withPassword(() -> "hunter2-wrong".toCharArray());
        GatewayServer gateway = GatewayServer.builder().tls(wrongPassword).listen("wss://127.0.0.1:0")
                .lanIp("127.0.0.1").lanPort(0).register("127.0.0.1:1").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, gateway::start);
        assertTrue(e.getMessage().contains("key-encrypted.pem"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(wrongPassword.toString().contains("hunter2"));

        Tls unsetEnv = Tls.pkcs12(DIR.resolve("server.p12")).withPassword(Tls.Password.env("GWKIT_TEST_UNSET_VAR"));
        GatewayServer envGateway = GatewayServer.builder().tls(unsetEnv).listen("ssl://127.0.0.1:0")
                .lanIp("127.0.0.1").lanPort(0).register("127.0.0.1:1").build();
        e = assertThrows(IllegalArgumentException.class, envGateway::start);
        assertTrue(e.getMessage().contains("GWKIT_TEST_UNSET_VAR"), e.getMessage());
    }

    @Test
    void schemesParseAndPrint() {
        assertEquals("wss://0.0.0.0:443", Listener.parse("wss://0.0.0.0:443").toString());
        assertEquals("ssl://0.0.0.0:9000", Listener.parse("ssl://0.0.0.0:9000").toString());
        assertEquals("text+tls://h:1", Listener.parse("text+tls://h:1").toString());
        assertEquals(Listener.Protocol.TCP, Listener.parse("ssl://h:1").protocol());
        assertTrue(Listener.parse("frame+tls://h:1").secure());
        assertFalse(Listener.parse("ws://h:1").secure());
    }
}
