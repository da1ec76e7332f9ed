package io.gwkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gw connections}: one gateway's clients (client_id, address, uid, groups), a page at a time. */
@Command(name = "connections",
        header = "List one gateway's clients: client_id, address, uid, groups (PHP or Java gateway), paged.",
        description = "Asks the gateway over the inner protocol (one SELECT, as PHP's GatewayClient) and prints its "
                + "clients in connection-id order, --limit per page from --offset. The client's remote address is "
                + "not on the inner protocol: for a Java gateway, --node (its --metrics address) adds it; "
                + "otherwise it shows as '-'.")
public final class ConnectionsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = {"-g", "--gateway"}, paramLabel = SharedOptions.HOST_PORT,
            converter = HostPort.Check.class,
            description = "The gateway's inner address as the register lists it (gw status shows them); may be "
                    + "left out when the register lists one gateway.")
    String gateway;

    @Option(names = "--node", paramLabel = "<url>",
            description = "Admin endpoint of the Java gateway (its --metrics address, e.g. http://10.0.0.3:9102): "
                    + "adds each client's remote address.")
    String node;

    @Option(names = "--offset", paramLabel = "<n>", defaultValue = "0", description = "Skip this many clients.")
    int offset;

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "100",
            description = "Clients per page (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print {\"gateway\":..,\"total\":..,\"offset\":..,\"clients\":[..]}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (offset < 0 || limit < 1) {
            throw new ParameterException(spec.commandLine(), "--offset must be >= 0 and --limit >= 1");
        }
        try (ClusterQuery query = cluster.query()) {
            String target = gateway;
            if (target == null) {
                List<String> listed = query.gateways();
                if (listed.size() != 1) {
                    throw new ParameterException(spec.commandLine(), "the register lists " + listed.size()
                            + " gateways; choose one with --gateway: " + String.join(", ", listed));
                }
                target = listed.get(0);
            }
            List<ClusterQuery.Client> all = query.clients(target);
            Map<String, String> addresses = addresses(target);
            List<ClusterQuery.Client> page = all.subList(Math.min(offset, all.size()),
                    (int) Math.min(all.size(), (long) offset + limit));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode report = JSON.createObjectNode();
                report.put("gateway", target);
                report.put("total", all.size());
                report.put("offset", offset);
                ArrayNode clients = report.putArray("clients");
                for (ClusterQuery.Client c : page) {
                    ObjectNode o = clients.addObject();
                    o.put("client_id", c.clientId());
                    o.put("address", addresses.get(c.clientId()));
                    o.putPOJO("uid", c.uid() == null ? null : String.valueOf(c.uid()));
                    ArrayNode groups = o.putArray("groups");
                    c.groups().forEach(g -> groups.add(String.valueOf(g)));
                }
                out.println(JSON.writeValueAsString(report));
            } else {
                out.printf("%-20s  %-21s  %-20s  %s%n", "client_id", "address", "uid", "groups");
                for (ClusterQuery.Client c : page) {
                    out.printf("%-20s  %-21s  %-20s  %s%n", c.clientId(), addresses.getOrDefault(c.clientId(), "-"),
                            c.uid() == null ? "-" : c.uid(),
                            c.groups().stream().map(String::valueOf).collect(Collectors.joining(",")));
                }
                out.printf("%d-%d of %d clients on %s%n", page.isEmpty() ? 0 : offset + 1, offset + page.size(),
                        all.size(), target);
            }
            out.flush();
        }
        return Gw.EXIT_OK;
    }

    /** client_id → remote address from the --node endpoint's /connections (empty without --node). */
    private Map<String, String> addresses(String gatewayAddress) throws Exception {
        Map<String, String> byClientId = new HashMap<>();
        if (node == null) {
            return byClientId;
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(node.replaceAll("/+$", "") + "/connections")).timeout(cluster.timeout())
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(node + "/connections answered HTTP " + r.statusCode());
        }
        JsonNode clients = JSON.readTree(r.body()).path(gatewayAddress);
        if (clients.isMissingNode()) {
            throw new IllegalStateException(node + " does not run gateway " + gatewayAddress);
        }
        clients.fields().forEachRemaining(e -> byClientId.put(
                ClusterQuery.clientId(gatewayAddress, Long.parseLong(e.getKey())), e.getValue().asText()));
        return byClientId;
    }
}
