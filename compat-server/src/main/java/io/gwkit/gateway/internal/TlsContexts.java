package io.gwkit.gateway.internal;

import io.gwkit.gateway.Tls;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;

/** Builds a listener's server {@link SslContext} from its {@link Tls} settings (the files are read each time). */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * A server context for {@code tls}.
     *
     * @throws IllegalArgumentException naming the file when a file cannot be read or used (never with the password)
     */
    public static SslContext build(Tls tls) {
        char[] password = null;
        try {
            password = tls.password() == null ? null : tls.password().read();
            SslContextBuilder b;
            if (Tls.isPkcs12(tls.certificate())) {
                KeyStore keystore = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(tls.certificate())) {
                    keystore.load(in, password);
                }
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keystore, password == null ? new char[0] : password);
                b = SslContextBuilder.forServer(keys);
            } else {
                b = SslContextBuilder.forServer(tls.certificate().toFile(), tls.privateKey().toFile(),
                        password == null ? null : new String(password));
            }
            if (tls.clientAuth() != Tls.ClientAuth.NONE) {
                b.clientAuth(tls.clientAuth() == Tls.ClientAuth.REQUIRE ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL)
                        .trustManager(tls.trustedClientCertificates().toFile());
            }
            if (!tls.protocols().isEmpty()) {
                b.protocols(tls.protocols());
            }
            if (!tls.ciphers().isEmpty()) {
                b.ciphers(tls.ciphers());
            }
            return b.build();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot load TLS certificate/key " + files(tls) + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** Modification times and sizes of {@code tls}'s files: changes when one of them is replaced. */
    public static String fingerprint(Tls tls) {
        StringBuilder f = new StringBuilder();
        for (Path p : new Path[] {tls.certificate(), tls.privateKey(), tls.trustedClientCertificates()}) {
            if (p == null) {
                continue;
            }
            try {
                f.append(Files.getLastModifiedTime(p).toMillis()).append('/').append(Files.size(p)).append(' ');
            } catch (IOException e) {
                f.append("missing ");
            }
        }
        return f.toString();
    }

    private static String files(Tls tls) {
        return tls.certificate() + (tls.privateKey() == null ? "" : " + " + tls.privateKey());
    }
}
