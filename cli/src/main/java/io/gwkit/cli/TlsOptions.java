package io.gwkit.cli;

import io.gwkit.gateway.Tls;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** A gateway's TLS options (a picocli mixin): certificate, key, its password, client certificates, reload. */
final class TlsOptions {

    @Option(names = "--tls-cert", paramLabel = "<pem|p12>",
            description = "Certificate chain (PEM) or PKCS#12 keystore (.p12/.pfx) for the TLS listeners: wss://, "
                    + "ssl://, <scheme>+tls://; when no listener names TLS, every listener uses it.")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "<pem>", description = "PKCS#8 private key (PEM) of --tls-cert; "
            + "encrypted when a password is given.")
    Path key;

    @Option(names = "--tls-key-password-file", paramLabel = "<file>",
            description = "File whose first line is the key's (or keystore's) password.")
    Path passwordFile;

    @Option(names = "--tls-key-password-env", paramLabel = "<name>",
            description = "Environment variable holding the key's (or keystore's) password.")
    String passwordEnv;

    @Option(names = "--tls-client-ca", paramLabel = "<pem>",
            description = "Require client certificates signed by these certificates (PEM).")
    Path clientCa;

    @Option(names = "--tls-protocols", paramLabel = "<p,...>", split = ",",
            description = "Enabled TLS protocols, e.g. TLSv1.3 (default: the JDK's).")
    List<String> protocols = List.of();

    @Option(names = "--tls-ciphers", paramLabel = "<c,...>", split = ",",
            description = "Enabled cipher suites (default: the JDK's).")
    List<String> ciphers = List.of();

    @Option(names = "--tls-reload-check", paramLabel = "<seconds>", defaultValue = "0",
            description = "Reload the TLS files when they change, looking every N seconds (0 = never).")
    int reloadCheckSeconds;

    /** The TLS settings the options give, or null without {@code --tls-cert}. */
    Tls tls(CommandSpec spec) {
        if (cert == null) {
            if (key != null || passwordFile != null || passwordEnv != null || clientCa != null) {
                throw new ParameterException(spec.commandLine(), "the --tls-* options need --tls-cert");
            }
            return null;
        }
        if (passwordFile != null && passwordEnv != null) {
            throw new ParameterException(spec.commandLine(),
                    "--tls-key-password-file and --tls-key-password-env exclude each other");
        }
        try {
            Tls tls = key != null ? Tls.pem(cert, key) : Tls.pkcs12(cert);
            if (passwordFile != null) {
                tls = tls.withPassword(Tls.Password.file(passwordFile));
            } else if (passwordEnv != null) {
                tls = tls.withPassword(Tls.Password.env(passwordEnv));
            }
            if (clientCa != null) {
                tls = tls.withClientAuth(Tls.ClientAuth.REQUIRE, clientCa);
            }
            return tls.withProtocols(protocols).withCiphers(ciphers);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + " (--tls-cert needs --tls-key unless "
                    + "it is a .p12/.pfx keystore)");
        }
    }
}
