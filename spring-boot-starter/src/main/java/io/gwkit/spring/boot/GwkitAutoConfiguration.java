package io.gwkit.spring.boot;

import io.gwkit.client.CallListener;
import io.gwkit.client.GatewayClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * One shared {@link GatewayClient} built from {@link GwkitProperties}, closed with the context. Every
 * {@link CallListener} bean (the starter's Micrometer one among them) hears of every call.
 * Back off by defining your own GatewayClient bean, or with {@code gwkit.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(GatewayClient.class)
@ConditionalOnProperty(prefix = "gwkit", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(GwkitProperties.class)
public class GwkitAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public GatewayClient gwkitGatewayClient(GwkitProperties properties, ObjectProvider<CallListener> listeners) {
        if (properties.getRegisterAddresses().isEmpty()) {
            throw new IllegalStateException("gwkit.register-addresses is empty: set at least one register host:port"
                    + " (or gwkit.enabled=false)");
        }
        List<CallListener> all = listeners.orderedStream().toList();
        return GatewayClient.builder()
                .registerAddresses(properties.getRegisterAddresses())
                .secretKey(secret(properties))
                .connectTimeout(properties.getConnectTimeout())
                .replyTimeout(properties.getReplyTimeout())
                .connectionsPerGateway(properties.getPoolSize())
                .ioThreads(properties.getIoThreads())
                .bestEffortFanOut(properties.isBestEffortFanOut())
                .callListener(all.isEmpty() ? CallListener.NONE : all.size() == 1 ? all.get(0) : (method, nanos, failure) -> {
                    for (CallListener l : all) {
                        l.callCompleted(method, nanos, failure);
                    }
                })
                .build();
    }

    private static String secret(GwkitProperties properties) {
        if (properties.getSecretFile() == null) {
            return properties.getSecretKey();
        }
        try {
            return Files.readString(properties.getSecretFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // the path is configuration, not a secret: safe to name
            throw new UncheckedIOException("cannot read gwkit.secret-file " + properties.getSecretFile(), e);
        }
    }
}
