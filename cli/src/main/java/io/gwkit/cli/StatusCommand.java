package io.gwkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gw status}: every gateway the register lists (PHP or Java) with its clients, uids and groups, asked over
 * the inner protocol; plus, from each {@code --node} admin endpoint, a Java node's own figures.
 */
@Command(name = "status",
        header = "Show every gateway of a cluster: clients, uids, groups (PHP or Java), and Java nodes' figures.",
        description = {
            "Asks the register for the gateways, then each gateway (one SELECT request, as PHP's GatewayClient "
                    + "sends) for its clients' uids and groups. Works on PHP and Java clusters alike.",
            "With --node, adds what Java nodes report at their --metrics endpoint's /status: workers connected, "
                    + "messages and bytes in/out, send-buffer drops and closes, uptime, version.",
            "Totals: clients summed; uids and groups counted once across gateways (as getAllUidCount). "
                    + "Exit code 1 when a gateway or node did not answer (the others are still shown)."})
public final class StatusCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--node", paramLabel = "<url>",
            description = "Admin endpoint of a Java node (its --metrics address, e.g. http://10.0.0.5:9100); "
                    + "repeatable.")
    List<String> nodes = new ArrayList<>();

    @Mixin
    ClusterOptions cluster;

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print {\"gateways\":[{\"address\":...,\"clients\":...}],\"totals\":{...}}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Duration timeout = cluster.timeout();
        ObjectNode report = JSON.createObjectNode();
        report.put("register", String.join(",", cluster.register.addresses));
        ArrayNode gateways = report.putArray("gateways");
        boolean failed = false;
        long clients = 0;
        Set<Object> uids = new HashSet<>();
        Set<Object> groups = new HashSet<>();
        try (ClusterQuery query = cluster.query()) {
            for (String address : query.gateways()) {
                ObjectNode g = gateways.addObject();
                g.put("address", address);
                try {
                    List<ClusterQuery.Client> list = query.clients(address);
                    Set<Object> gatewayUids = new HashSet<>();
                    Set<Object> gatewayGroups = new HashSet<>();
                    for (ClusterQuery.Client c : list) {
                        if (c.uid() != null) {
                            gatewayUids.add(String.valueOf(c.uid()));
                        }
                        c.groups().forEach(x -> gatewayGroups.add(String.valueOf(x)));
                    }
                    g.put("clients", list.size());
                    g.put("uids", gatewayUids.size());
                    g.put("groups", gatewayGroups.size());
                    clients += list.size();
                    uids.addAll(gatewayUids);
                    groups.addAll(gatewayGroups);
                } catch (Exception e) {
                    g.put("error", String.valueOf(e.getMessage()));
                    failed = true;
                }
            }
        }
        ObjectNode totals = report.putObject("totals");
        totals.put("gateways", gateways.size());
        totals.put("clients", clients);
        totals.put("uids", uids.size());
        totals.put("groups", groups.size());
        failed |= addNodes(report, gateways, timeout);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writeValueAsString(report));
        } else {
            printTable(out, report);
        }
        out.flush();
        return failed ? Gw.EXIT_ERROR : Gw.EXIT_OK;
    }

    /** Merges each node's /status: a gateway's figures under its row's "node", workers and registers listed. */
    private boolean addNodes(ObjectNode report, ArrayNode gateways, Duration timeout) {
        if (nodes.isEmpty()) {
            return false;
        }
        boolean failed = false;
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        ArrayNode workers = report.putArray("workers");
        ArrayNode others = report.putArray("nodes");
        for (String node : nodes) {
            ObjectNode n = others.addObject();
            n.put("url", node);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.replaceAll("/+$", "")
                        + "/status")).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + r.statusCode());
                }
                JsonNode status = JSON.readTree(r.body());
                n.put("version", status.path("version").asText());
                n.put("uptime_seconds", status.path("uptime_seconds").asLong());
                for (JsonNode g : status.path("gateways")) {
                    ObjectNode row = find(gateways, g.path("address").asText());
                    if (row != null) {
                        ObjectNode figures = row.putObject("node");
                        figures.setAll((ObjectNode) g);
                        figures.put("version", status.path("version").asText());
                        figures.remove("address");
                    }
                }
                status.path("workers").forEach(workers::add);
                if (status.has("registers")) {
                    n.set("registers", status.get("registers"));
                }
            } catch (Exception e) {
                n.put("error", String.valueOf(e.getMessage()));
                failed = true;
            }
        }
        return failed;
    }

    private static ObjectNode find(ArrayNode gateways, String address) {
        for (JsonNode g : gateways) {
            if (g.path("address").asText().equals(address)) {
                return (ObjectNode) g;
            }
        }
        return null;
    }

    private static void printTable(PrintWriter out, JsonNode report) {
        String format = "%-22s %8s %8s %8s %8s %12s %12s %7s %7s %9s%n";
        out.printf(format, "gateway", "clients", "uids", "groups", "workers", "msgs in", "msgs out", "drops",
                "closes", "uptime");
        for (JsonNode g : report.get("gateways")) {
            if (g.has("error")) {
                out.printf("%-22s error: %s%n", g.get("address").asText(), g.get("error").asText());
                continue;
            }
            JsonNode n = g.path("node");
            out.printf(format, g.get("address").asText(), g.get("clients").asText(), g.get("uids").asText(),
                    g.get("groups").asText(), figure(n, "workers"), figure(n, "messages_received"),
                    figure(n, "messages_sent"), figure(n, "send_buffer_drops"), figure(n, "send_buffer_closes"),
                    n.has("uptime_seconds") ? n.get("uptime_seconds").asText() + "s" : "-");
        }
        JsonNode t = report.get("totals");
        out.printf(format, "total (" + t.get("gateways").asText() + " gateways)", t.get("clients").asText(),
                t.get("uids").asText(), t.get("groups").asText(), "", "", "", "", "", "");
        for (JsonNode w : report.path("workers")) {
            out.printf("worker %s: gateways %s, events %s, errors %s, pending %s%n", w.path("worker").asText(),
                    w.path("gateways").size(), w.path("events"), w.path("errors").asText(),
                    w.path("pending_events").asText());
        }
        for (JsonNode n : report.path("nodes")) {
            if (n.has("error")) {
                out.printf("node %s: error: %s%n", n.get("url").asText(), n.get("error").asText());
            }
        }
    }

    private static String figure(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asText() : "-";
    }
}
