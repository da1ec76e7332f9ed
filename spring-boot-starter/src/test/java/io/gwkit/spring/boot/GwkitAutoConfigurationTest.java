package io.gwkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.gwkit.client.GatewayClient;
import io.gwkit.cluster.LocalCluster;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Real application contexts against a real cluster (LocalCluster: register, gateways, worker) on port 0. */
@Tag("socket")
class GwkitAutoConfigurationTest {

    private static LocalCluster cluster;
    private static String register;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GwkitAutoConfiguration.class,
                    GwkitMetricsAutoConfiguration.class, GwkitHealthAutoConfiguration.class));

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().ephemeralPorts().secretKey("s3cr3t").build().start();
        register = "127.0.0.1:" + cluster.registerAddress().getPort();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void sharedClientCallsTheClusterAndIsClosedWithTheContext(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t\n", StandardCharsets.UTF_8);
        GatewayClient[] seen = new GatewayClient[1];
        runner.withPropertyValues("gwkit.register-addresses=" + register, "gwkit.secret-file=" + secret,
                        "gwkit.reply-timeout=2s", "gwkit.pool-size=1")
                .run(context -> {
                    assertThat(context).hasSingleBean(GatewayClient.class);
                    GatewayClient gw = context.getBean(GatewayClient.class);
                    seen[0] = gw;
                    assertThat(gw.getAllClientCount()).isZero();
                    assertThat(gw.gatewayAddresses()).hasSize(2);
                });
        // closed: the context's shutdown closed the client, so its calls now fail instead of hanging
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> seen[0].getAllClientCount());
    }

    @Test
    void healthIsUpWithTheGatewaysAndDownWithoutARegister() throws IOException {
        runner.withPropertyValues("gwkit.register-addresses=" + register, "gwkit.secret-key=s3cr3t")
                .run(context -> {
                    Health health = context.getBean("gwkitHealthIndicator", GwkitHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat((java.util.List<?>) health.getDetails().get("gateways")).hasSize(2);
                    assertThat(health.getDetails().toString()).doesNotContain("s3cr3t");
                });
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        runner.withPropertyValues("gwkit.register-addresses=127.0.0.1:" + closedPort, "gwkit.connect-timeout=500ms")
                .run(context -> {
                    Health health = context.getBean(GwkitHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsKey("error");
                });
    }

    @Test
    void callsAreMeteredByMethodAndOutcome() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("gwkit.register-addresses=" + register, "gwkit.secret-key=s3cr3t")
                .run(context -> {
                    GatewayClient gw = context.getBean(GatewayClient.class);
                    gw.getAllClientCount();
                    gw.getAllClientCount();
                    try {
                        gw.isOnline("not-a-client-id");
                    } catch (RuntimeException expected) {
                        // counted as an error of isOnline
                    }
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    Timer ok = registry.get(MicrometerCallListener.METER).tags("method", "getAllClientCount",
                            "outcome", "success").timer();
                    assertThat(ok.count()).isEqualTo(2);
                    assertThat(ok.totalTime(TimeUnit.NANOSECONDS)).isPositive();
                    Timer failed = registry.get(MicrometerCallListener.METER).tags("method", "isOnline",
                            "outcome", "error").timer();
                    assertThat(failed.count()).isEqualTo(1);
                    assertThat(failed.getId().getTag("exception")).isEqualTo("InvalidClientIdException");
                });
    }

    @Test
    void backsOffWhenDisabledOrWhenTheApplicationHasItsOwnClient() {
        runner.withPropertyValues("gwkit.enabled=false", "gwkit.register-addresses=" + register)
                .run(context -> assertThat(context).doesNotHaveBean(GatewayClient.class)
                        .doesNotHaveBean(GwkitHealthIndicator.class));
        runner.withPropertyValues("gwkit.register-addresses=" + register, "management.health.gwkit.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(GatewayClient.class)
                        .doesNotHaveBean(GwkitHealthIndicator.class));
        runner.withPropertyValues("gwkit.register-addresses=" + register)
                .withBean("mine", GatewayClient.class, () -> GatewayClient.builder().registerAddress(register).build())
                .run(context -> assertThat(context.getBeansOfType(GatewayClient.class)).containsOnlyKeys("mine"));
    }

    @Test
    void missingRegisterAddressesFailStartupWithAClearMessage() {
        runner.run(context -> assertThat(context).hasFailed().getFailure()
                .rootCause().hasMessageContaining("gwkit.register-addresses"));
    }

    @Test
    void configurationMetadataIsGeneratedForIdeCompletion() throws IOException {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json on the classpath").isNotNull();
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String p : new String[] {"gwkit.register-addresses", "gwkit.secret-file", "gwkit.secret-key",
                    "gwkit.connect-timeout", "gwkit.reply-timeout", "gwkit.pool-size", "gwkit.enabled"}) {
                assertThat(json).contains("\"" + p + "\"");
            }
            assertThat(json).contains("Register addresses, host:port");
        }
    }
}
