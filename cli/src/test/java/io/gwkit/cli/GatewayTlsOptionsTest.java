package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.register.RegisterServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code gw gateway --tls-*}: a wss:// listener beside a plain one from a PKCS#12 keystore and a password file. */
@Tag("socket")
class GatewayTlsOptionsTest {

    private static final Path TLS = Path.of("../compat-server/src/test/resources/tls");

    /** Test-only: trusts the self-signed test certificate. */
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

    @Test
    void wssBesideWsFromAPkcs12KeystoreWithAPasswordFile() throws Exception {
        try (RegisterServer register = RegisterServer.builder().listen("127.0.0.1", 0).build()) {
            int registerPort = register.start().getPort();
            RunningCommand gw = new RunningCommand("gateway", "--listen", "wss://127.0.0.1:0", "--listen",
                    "websocket://127.0.0.1:0", "--register", "127.0.0.1:" + registerPort, "--inner-port", "0",
                    "--count", "1", // the fake worker below reaches one shard
                    "--tls-cert", TLS.resolve("server.p12").toString(),
                    "--tls-key-password-file", TLS.resolve("key-password.txt").toString());
            try {
                String line = gw.awaitLine();
                Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+), 127\\.0\\.0\\.1:(\\d+); inner "
                        + "127\\.0\\.0\\.1:(\\d+)").matcher(line);
                assertTrue(m.find(), line);
                try (FakeWorker worker = new FakeWorker(Integer.parseInt(m.group(3)))) {
                    SSLContext ssl = SSLContext.getInstance("TLS");
                    ssl.init(null, new TrustManager[] {TRUST_ALL}, null);
                    try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1",
                            Integer.parseInt(m.group(1)))) {
                        socket.setSoTimeout(30_000);
                        socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n"
                                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        byte[] status = socket.getInputStream().readNBytes(12);
                        assertEquals("HTTP/1.1 101", new String(status, StandardCharsets.ISO_8859_1));
                    }
                }
            } finally {
                assertEquals(Gw.EXIT_OK, gw.stop());
            }
        }
    }

    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        int code = Gw.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true)).execute(args);
        assertEquals(Gw.EXIT_USAGE, code, err.toString());
        return err.toString();
    }

    @Test
    void aTlsListenerWithoutACertificateOrTwoPasswordSourcesAreUsageErrors() {
        assertTrue(usageError("gateway", "--listen", "wss://127.0.0.1:0", "--register", "127.0.0.1:1")
                .contains("needs --tls-cert"));
        assertTrue(usageError("gateway", "--listen", "ssl://127.0.0.1:0", "--register", "127.0.0.1:1",
                "--tls-cert", "x.p12", "--tls-key-password-file", "f", "--tls-key-password-env", "E")
                .contains("exclude each other"));
    }
}
