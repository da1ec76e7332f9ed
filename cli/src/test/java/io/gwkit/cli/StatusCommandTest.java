package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gwkit.client.GatewayClient;
import io.gwkit.cluster.LocalCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code gw status} and {@code gw connections} against a Java cluster with real clients, uids and groups. */
@Tag("socket")
class StatusCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statusTotalsMatchTheGatewayClientAndNodesAddTheirFigures() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().secretKey("k").build().start();
             AdminServer admin = AdminServer.start("127.0.0.1", 0)) {
            admin.gateway(cluster.textGateway());
            cluster.workers().forEach(admin::worker);
            List<Socket> clients = new ArrayList<>();
            try {
                // text: u1 in room-a and room-b, u2 in room-a, one anonymous; websocket gateway: none
                clients.add(client(cluster.textAddress(), "bind u1", "join room-a", "join room-b"));
                clients.add(client(cluster.textAddress(), "bind u2", "join room-a"));
                clients.add(client(cluster.textAddress()));
                String register = "127.0.0.1:" + cluster.registerAddress().getPort();
                String[] out = new String[1];
                int code = run(out, "status", "--register", register, "--secret", "k", "--json",
                        "--node", "http://127.0.0.1:" + admin.address().getPort());
                assertEquals(Gw.EXIT_OK, code, out[0]);
                JsonNode report = JSON.readTree(out[0]);
                try (GatewayClient gw = GatewayClient.builder().registerAddress(register).secretKey("k").build()) {
                    assertEquals(gw.getAllClientIdCount(), report.get("totals").get("clients").asLong());
                    assertEquals(gw.getAllUidCount(), report.get("totals").get("uids").asLong());
                    assertEquals(gw.getAllGroupIdList().size(), report.get("totals").get("groups").asLong());
                }
                assertEquals(3, report.get("totals").get("clients").asLong());
                assertEquals(2, report.get("totals").get("uids").asLong());
                assertEquals(2, report.get("totals").get("groups").asLong());
                JsonNode text = report.get("gateways").get(0);
                assertEquals(cluster.textInnerAddress(), text.get("address").asText());
                assertEquals(3, text.get("clients").asLong());
                assertEquals(0, report.get("gateways").get(1).get("clients").asLong());
                // the node's own figures: 5 commands read from clients, 3 welcomes + 5 answers written
                assertEquals(5, text.get("node").get("messages_received").asLong(), out[0]);
                assertEquals(8, text.get("node").get("messages_sent").asLong(), out[0]);
                assertEquals(1, text.get("node").get("workers").asLong());
                assertTrue(report.get("gateways").get(1).get("node") == null, out[0]);
                assertEquals(1, report.get("workers").size());

                code = run(out, "connections", "--register", register, "--secret", "k",
                        "--gateway", cluster.textInnerAddress(), "--offset", "0", "--limit", "2", "--json",
                        "--node", "http://127.0.0.1:" + admin.address().getPort());
                assertEquals(Gw.EXIT_OK, code, out[0]);
                JsonNode page = JSON.readTree(out[0]);
                assertEquals(3, page.get("total").asInt());
                assertEquals(2, page.get("clients").size());
                JsonNode first = page.get("clients").get(0);
                assertEquals("u1", first.get("uid").asText());
                assertEquals("[\"room-a\",\"room-b\"]", first.get("groups").toString());
                assertTrue(first.get("client_id").asText().matches("7f000001[0-9a-f]{4}00000001"), out[0]);
                assertEquals("127.0.0.1:" + clients.get(0).getLocalPort(), first.get("address").asText(), out[0]);
                code = run(out, "connections", "--register", register, "--secret", "k",
                        "--gateway", cluster.textInnerAddress(), "--offset", "2");
                assertEquals(Gw.EXIT_OK, code, out[0]);
                assertTrue(out[0].contains("3-3 of 3 clients"), out[0]);
                assertTrue(out[0].matches("(?s).*00000003  -\\s+-\\s.*"), out[0]); // no --node: no address
                // two gateways listed: the page needs --gateway
                assertEquals(Gw.EXIT_USAGE, run(out, "connections", "--register", register, "--secret", "k"));
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
        }
    }

    @Test
    void wrongSecretIsAnErrorPerGatewayNotACrash() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().ephemeralPorts().secretKey("k").build().start()) {
            String[] out = new String[1];
            int code = run(out, "status", "--register", "127.0.0.1:" + cluster.registerAddress().getPort(),
                    "--secret", "nope", "--timeout", "1");
            assertEquals(Gw.EXIT_ERROR, code, out[0]);
        }
    }

    /** A text client that sent each command and read its welcome and every answer. */
    private static Socket client(InetSocketAddress gateway, String... commands) throws Exception {
        Socket s = new Socket(gateway.getAddress(), gateway.getPort());
        s.setSoTimeout(10_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        assertTrue(in.readLine().startsWith("{\"type\":\"welcome\""));
        for (String c : commands) {
            s.getOutputStream().write((c + "\n").getBytes(StandardCharsets.UTF_8));
            assertTrue(in.readLine().endsWith(c.substring(c.indexOf(' ') + 1)));
        }
        return s;
    }

    private static int run(String[] out, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Gw.commandLine(new PrintWriter(o, true), new PrintWriter(e, true)).execute(args);
        out[0] = o + e.toString();
        return code;
    }
}
