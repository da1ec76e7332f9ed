package io.gwkit.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code gwkit.*}: how the shared {@link io.gwkit.client.GatewayClient} reaches the cluster. Only
 * {@code gwkit.register-addresses} is required.
 */
@ConfigurationProperties(prefix = "gwkit")
public class GwkitProperties {

    /** Whether to create the shared GatewayClient (and its health indicator and meters) at all. */
    private boolean enabled = true;

    /** Register addresses, host:port, tried in order (e.g. 10.0.0.5:1236). */
    private List<String> registerAddresses = new ArrayList<>();

    /** The cluster's secret key ("" for none). Prefer secret-file; never logged. */
    private String secretKey = "";

    /** A file holding the secret key (trailing newline ignored); wins over secret-key. */
    private Path secretFile;

    /** How long connecting to a register or gateway may take. */
    private Duration connectTimeout = Duration.ofSeconds(3);

    /** How long a register or gateway may take to answer a request. */
    private Duration replyTimeout = Duration.ofSeconds(5);

    /** Persistent connections kept per gateway. */
    private int poolSize = 2;

    /** Netty I/O threads of the client. */
    private int ioThreads = 2;

    /** Skip (and log) a failing gateway during fan-out calls instead of failing the call, as PHP does. */
    private boolean bestEffortFanOut;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getRegisterAddresses() {
        return registerAddresses;
    }

    public void setRegisterAddresses(List<String> registerAddresses) {
        this.registerAddresses = registerAddresses;
    }

    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    public Path getSecretFile() {
        return secretFile;
    }

    public void setSecretFile(Path secretFile) {
        this.secretFile = secretFile;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReplyTimeout() {
        return replyTimeout;
    }

    public void setReplyTimeout(Duration replyTimeout) {
        this.replyTimeout = replyTimeout;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public int getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    public boolean isBestEffortFanOut() {
        return bestEffortFanOut;
    }

    public void setBestEffortFanOut(boolean bestEffortFanOut) {
        this.bestEffortFanOut = bestEffortFanOut;
    }
}
