/**
 * Spring Boot auto-configuration for gwkit: a shared {@link io.gwkit.client.GatewayClient} from
 * {@code gwkit.*} properties ({@link io.gwkit.spring.boot.GwkitProperties}), the {@code gwkit} health
 * indicator and the {@code gwkit.client.calls} Micrometer timer. See docs/SPRING-BOOT.md.
 */
package io.gwkit.spring.boot;
