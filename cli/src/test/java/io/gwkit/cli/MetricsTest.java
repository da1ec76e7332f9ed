package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code gw start --metrics}: the Prometheus meters and /status follow real client traffic. */
@Tag("socket")
class MetricsTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void gaugesAndCountersFollowRealTraffic() throws Exception {
        RunningCommand gw = new RunningCommand("start", "--register-port", "0", "--text-port", "0", "--ws-port", "0",
                "--inner-port", "0", "--metrics", "127.0.0.1:0");
        String line = gw.awaitLine();
        Matcher text = Pattern.compile("text gateway 127\\.0\\.0\\.1:(\\d+) \\(inner (127\\.0\\.0\\.1:\\d+)\\)")
                .matcher(line);
        assertTrue(text.find(), line);
        String admin = "http://127.0.0.1:" + gw.await(gw.err, Pattern.compile("metrics http://127\\.0\\.0\\.1:(\\d+)/metrics"))
                .group(1);
        String gateway = "{gateway=\"" + text.group(2) + "\"}";
        String metrics = get(admin + "/metrics");
        assertEquals(0, value(metrics, "gw_gateway_clients" + gateway), metrics);
        assertEquals(1, value(metrics, "gw_gateway_workers" + gateway), metrics);
        assertEquals(2, value(metrics, "gw_register_gateways{register="), metrics);
        assertTrue(metrics.contains("jvm_memory_used_bytes") && metrics.contains("process_uptime_seconds"), metrics);

        try (Socket client = new Socket("127.0.0.1", Integer.parseInt(text.group(1)))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(in.readLine().startsWith("{\"type\":\"welcome\""));
            OutputStream out = client.getOutputStream();
            out.write("hello\nworld!\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("echo hello", in.readLine());
            assertEquals("echo world!", in.readLine());
            metrics = get(admin + "/metrics");
            assertEquals(1, value(metrics, "gw_gateway_clients" + gateway), metrics);
            assertEquals(2, value(metrics, "gw_gateway_messages_received_total" + gateway), metrics);
            assertEquals(11, value(metrics, "gw_gateway_received_bytes_total" + gateway), metrics);
            // welcome + two echoes, queued before the client read them
            assertEquals(3, value(metrics, "gw_gateway_messages_sent_total" + gateway), metrics);
            assertEquals(2, value(metrics, "gw_worker_events_total{type=\"message\","), metrics);
            assertEquals(1, value(metrics, "gw_worker_events_total{type=\"connect\","), metrics);
            assertTrue(value(metrics, "gw_worker_handler_seconds_count{") >= 3, metrics);
            assertTrue(value(metrics, "gw_gateway_inner_requests_total{command=\"send_to_one\",gateway=\"" + text.group(2))
                    >= 3, metrics);

            assertDashboardQueriesExist(metrics);

            JsonNode status = new ObjectMapper().readTree(get(admin + "/status"));
            JsonNode first = status.get("gateways").get(0);
            assertEquals(text.group(2), first.get("address").asText());
            assertEquals(1, first.get("clients").asLong());
            assertEquals(2, first.get("messages_received").asLong());
            assertEquals(2, status.get("registers").get(0).get("gateways").size());
        }
        long deadline = System.currentTimeMillis() + RunningCommand.WAIT_MILLIS;
        while (value(get(admin + "/metrics"), "gw_gateway_clients" + gateway) != 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, value(get(admin + "/metrics"), "gw_gateway_clients" + gateway));
        assertEquals("ok\n", get(admin + "/health"));
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(admin + "/metricsx")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(admin + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(Gw.EXIT_OK, gw.stop());
    }

    /** Every series docs/grafana/gwkit-dashboard.json queries is one this process serves. */
    private static void assertDashboardQueriesExist(String metrics) throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("../docs/grafana/gwkit-dashboard.json")));
        Matcher name = Pattern.compile("\\b((?:gw|jvm|process)_[a-z_]+)\\{").matcher("");
        int checked = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                name.reset(target.get("expr").asText());
                while (name.find()) {
                    String series = name.group(1);
                    assertTrue(metrics.lines().anyMatch(l -> l.startsWith(series + "{") || l.startsWith(series + " ")),
                            "dashboard queries " + series + ", not served");
                    checked++;
                }
            }
        }
        assertTrue(checked >= 15, "only " + checked + " series found in the dashboard");
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    /** The value of the first sample line starting with {@code prefix} (name and the start of its labels). */
    private static double value(String metrics, String prefix) {
        Predicate<String> match = l -> l.startsWith(prefix);
        return metrics.lines().filter(match).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + prefix));
    }
}
