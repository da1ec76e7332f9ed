package io.gwkit.spring.boot;

import io.gwkit.client.GatewayClient;
import java.util.List;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code gwkit} health: UP when a register answers and lists at least one gateway (details:
 * {@code gateways}, their addresses), DOWN otherwise (details: {@code error}, or an empty list). The lookup
 * is the one every fan-out call makes, cached for the client's register cache TTL, so health checks do not
 * load the register. The secret is never part of the details.
 */
public class GwkitHealthIndicator extends AbstractHealthIndicator {

    private final GatewayClient client;
    private final List<String> registers;

    public GwkitHealthIndicator(GatewayClient client, List<String> registers) {
        super("gwkit health check failed");
        this.client = client;
        this.registers = List.copyOf(registers);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("registers", registers);
        List<String> gateways;
        try {
            gateways = client.gatewayAddresses();
        } catch (RuntimeException e) {
            builder.down().withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        builder.withDetail("gateways", gateways);
        if (gateways.isEmpty()) {
            builder.down().withDetail("error", "the register lists no gateway");
        } else {
            builder.up();
        }
    }
}
