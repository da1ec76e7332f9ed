package io.gwkit.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A TLS listener's server side: its certificate and key, their password, whether clients must present a
 * certificate, and the protocols and ciphers allowed. Immutable; each {@code with…} method returns a changed copy.
 * The files are read when the gateway starts and again by {@link GatewayServer#reloadTls()} (a renewed certificate
 * without a restart).
 *
 * <pre>{@code
 * Tls.pem(Path.of("chain.pem"), Path.of("key.pem"))                  // PKCS#8 key, unencrypted
 * Tls.pem(chain, encryptedKey).withPassword(Tls.Password.file(Path.of("/run/secrets/key-pass")))
 * Tls.pkcs12(Path.of("server.p12")).withPassword(Tls.Password.env("GW_TLS_PASSWORD"))
 *    .withClientAuth(ClientAuth.REQUIRE, Path.of("clients-ca.pem")).withProtocols(List.of("TLSv1.3"))
 * }</pre>
 *
 * @param certificate PEM certificate chain, or a PKCS#12 keystore ({@code .p12}, {@code .pfx}) with key and chain
 * @param privateKey  PEM PKCS#8 key (encrypted when a password is given); null for PKCS#12
 * @param password    where the key's (or keystore's) password comes from, or null for none
 * @param clientAuth  whether clients must present a certificate signed by {@code trustedClientCertificates}
 * @param trustedClientCertificates PEM certificates that client certificates must chain to; null without client auth
 * @param protocols   enabled protocols (e.g. {@code TLSv1.3}); empty: the JDK's defaults
 * @param ciphers     enabled cipher suites; empty: the defaults
 */
public record Tls(Path certificate, Path privateKey, Password password, ClientAuth clientAuth,
                  Path trustedClientCertificates, List<String> protocols, List<String> ciphers) {

    /** Whether clients present certificates. */
    public enum ClientAuth {
        /** no client certificate is asked for */
        NONE,
        /** asked for, verified when presented */
        OPTIONAL,
        /** required and verified: a client without one cannot connect */
        REQUIRE
    }

    /**
     * Where a password comes from, read each time the key is loaded; never logged or printed.
     */
    @FunctionalInterface
    public interface Password {
        /** The password's characters. */
        char[] read() throws IOException;

        /** The first line of a file (e.g. a mounted secret), without its line end. */
        static Password file(Path file) {
            Objects.requireNonNull(file);
            return () -> {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                return (end < 0 ? text : text.substring(0, end)).replace("\r", "").toCharArray();
            };
        }

        /** An environment variable; a missing one fails when the key is loaded. */
        static Password env(String name) {
            Objects.requireNonNull(name);
            return () -> {
                String value = System.getenv(name);
                if (value == null) {
                    throw new IOException("environment variable " + name + " (the TLS key password) is not set");
                }
                return value.toCharArray();
            };
        }
    }

    public Tls {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(clientAuth, "clientAuth");
        if (privateKey == null && !isPkcs12(certificate)) {
            throw new IllegalArgumentException("TLS needs a private key with a PEM certificate (or a .p12/.pfx keystore): "
                    + certificate);
        }
        if (clientAuth != ClientAuth.NONE && trustedClientCertificates == null) {
            throw new IllegalArgumentException("client certificate verification needs the trusted certificates");
        }
        protocols = List.copyOf(protocols);
        ciphers = List.copyOf(ciphers);
    }

    /** A PEM certificate chain and its PKCS#8 PEM private key. */
    public static Tls pem(Path certificateChain, Path privateKey) {
        return new Tls(certificateChain, Objects.requireNonNull(privateKey, "privateKey"), null, ClientAuth.NONE, null,
                List.of(), List.of());
    }

    /** A PKCS#12 keystore holding the key and its chain. */
    public static Tls pkcs12(Path keystore) {
        return new Tls(keystore, null, null, ClientAuth.NONE, null, List.of(), List.of());
    }

    /** Whether {@code file} is read as a PKCS#12 keystore: its name ends with {@code .p12} or {@code .pfx}. */
    public static boolean isPkcs12(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    public Tls withPassword(Password password) {
        return new Tls(certificate, privateKey, password, clientAuth, trustedClientCertificates, protocols, ciphers);
    }

    public Tls withClientAuth(ClientAuth clientAuth, Path trustedClientCertificates) {
        return new Tls(certificate, privateKey, password, clientAuth, trustedClientCertificates, protocols, ciphers);
    }

    public Tls withProtocols(List<String> protocols) {
        return new Tls(certificate, privateKey, password, clientAuth, trustedClientCertificates, protocols, ciphers);
    }

    public Tls withCiphers(List<String> ciphers) {
        return new Tls(certificate, privateKey, password, clientAuth, trustedClientCertificates, protocols, ciphers);
    }

    /** The files' names and settings; never the password. */
    @Override
    public String toString() {
        return "Tls[" + certificate + (privateKey == null ? "" : ", " + privateKey)
                + (password == null ? "" : ", password set") + ", clientAuth " + clientAuth
                + (protocols.isEmpty() ? "" : ", " + protocols) + "]";
    }
}
