package io.gwkit.spring.boot;

import io.gwkit.client.CallListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Meters for the shared client's calls when the application has a {@link MeterRegistry} (Spring Boot
 * Actuator's): see {@link MicrometerCallListener}.
 */
@AutoConfiguration(before = GwkitAutoConfiguration.class, afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "gwkit", name = "enabled", matchIfMissing = true)
public class GwkitMetricsAutoConfiguration {

    @Bean
    public CallListener gwkitMicrometerCallListener(MeterRegistry registry) {
        return new MicrometerCallListener(registry);
    }
}
