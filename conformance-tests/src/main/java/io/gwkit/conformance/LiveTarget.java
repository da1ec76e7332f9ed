package io.gwkit.conformance;

import io.gwkit.conformance.record.Recorder;
import io.gwkit.conformance.record.RecordingProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running cluster, PHP or Java, reached at the given register / text / websocket addresses and restarted
 * before every scenario by an optional {@code --restart-cmd}.
 *
 * <p>What is compared: everything the end clients send and receive (the runner is the end client), the
 * GatewayClient's register lookups (through a recording proxy in front of the register), the
 * GatewayClient's gateway connections when the call executor routes them through this target's inner
 * proxies (the Java SDK does, an external command cannot), and the call results. The worker's and the
 * gateways' own links are inside the target and are not compared.
 */
public final class LiveTarget implements Target {

    private final String register;
    private final String text;
    private final String webSocket;
    private final String restartCmd;
    private final Duration settle;
    private final boolean recordGatewayClientInner;
    private final List<RecordingProxy> proxies = new ArrayList<>();
    private List<String> targetInner = List.of();

    /**
     * @param restartCmd shell command run before each scenario (null: the user restarts the cluster)
     * @param settle     how long to wait after the register lists the gateways, for workers to connect
     * @param recordGatewayClientInner whether the call executor routes its gateway connections through
     *                   the inner proxies this target offers (then those connections are compared too)
     */
    public LiveTarget(String register, String text, String webSocket, String restartCmd, Duration settle,
                      boolean recordGatewayClientInner) {
        this.register = register;
        this.text = text;
        this.webSocket = webSocket;
        this.restartCmd = restartCmd;
        this.settle = settle;
        this.recordGatewayClientInner = recordGatewayClientInner;
    }

    /** The cluster's gateway inner addresses, in the capture's order, when they are not the capture's. */
    public LiveTarget withInner(List<String> addresses) {
        this.targetInner = List.copyOf(addresses);
        return this;
    }

    @Override
    public Endpoints start(CaptureHeader scenario, Recorder recorder) throws Exception {
        if (restartCmd != null && !restartCmd.isBlank()) {
            runRestart(scenario);
        }
        awaitGateways(scenario, Duration.ofSeconds(30));
        Thread.sleep(settle.toMillis());
        RecordingProxy registerProxy = proxy(SocketAddresses.parse(register), Link.REGISTER, scenario.registerAddress(), recorder);
        Map<String, String> routes = new HashMap<>();
        AddressMap map = AddressMap.forScenario(scenario, targetInner);
        if (recordGatewayClientInner) {
            for (String inner : scenario.innerAddresses()) {
                String actual = map.toTarget(inner);
                routes.put(actual, SocketAddresses.format(
                        proxy(SocketAddresses.parse(actual), Link.INNER, inner, recorder).address()));
            }
        }
        return new Endpoints(text, webSocket, SocketAddresses.format(registerProxy.address()),
                a -> routes.getOrDefault(a, a), map);
    }

    private RecordingProxy proxy(InetSocketAddress upstream, Link link, String serverName, Recorder recorder)
            throws IOException {
        RecordingProxy p = new RecordingProxy(new InetSocketAddress("127.0.0.1", 0), upstream, link, serverName,
                false, recorder);
        proxies.add(p);
        return p;
    }


    private void runRestart(CaptureHeader scenario) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", restartCmd).redirectErrorStream(true);
        pb.environment().put("SECRET", scenario.secretKey());
        pb.environment().put("GW_SCENARIO", scenario.scenario());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("restart command did not finish within 120 s: " + restartCmd);
        }
        if (p.exitValue() != 0) {
            throw new IOException("restart command exited " + p.exitValue() + ": "
                    + new String(out, StandardCharsets.UTF_8).trim());
        }
    }

    /** Asks the register (as a GatewayClient does) until it lists as many gateways as the scenario deploys. */
    private void awaitGateways(CaptureHeader scenario, Duration max) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        int want = scenario.innerAddresses().size();
        String last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(SocketAddresses.parse(register), 1000);
                s.setSoTimeout(2000);
                OutputStream os = s.getOutputStream();
                os.write(("{\"event\":\"worker_connect\",\"secret_key\":\"" + scenario.secretKey() + "\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
                os.flush();
                last = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                if (last != null && countAddresses(last) >= want) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(100);
        }
        throw new IOException("register " + register + " did not list " + want + " gateways within " + max
                + " (last answer: " + last + ")");
    }

    private static int countAddresses(String line) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).path("addresses").size();
        } catch (IOException notJson) {
            return 0;
        }
    }

    @Override
    public void stop() {
        proxies.forEach(RecordingProxy::close);
        proxies.clear();
    }

    @Override
    public boolean observes(Link link, String connectingRole) {
        return link == Link.CLIENT
                || "gatewayclient".equals(connectingRole) && (link == Link.REGISTER || recordGatewayClientInner);
    }

    @Override
    public String describe() {
        return "live cluster register " + register + " text " + text + " websocket " + webSocket;
    }

}
