package io.gwkit.spring.boot;

import io.gwkit.client.GatewayClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The {@code gwkit} health indicator, when Spring Boot Actuator is on the classpath (off with
 * {@code management.health.gwkit.enabled=false}, as Actuator's own indicators).
 */
@AutoConfiguration(after = GwkitAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(GatewayClient.class)
@ConditionalOnProperty(prefix = "management.health.gwkit", name = "enabled", matchIfMissing = true)
public class GwkitHealthAutoConfiguration {

    /** The bean name makes the indicator's name: {@code gwkit}. */
    @Bean(name = "gwkitHealthIndicator")
    @ConditionalOnMissingBean(name = "gwkitHealthIndicator")
    public GwkitHealthIndicator gwkitHealthIndicator(GatewayClient client, GwkitProperties properties) {
        return new GwkitHealthIndicator(client, properties.getRegisterAddresses());
    }
}
