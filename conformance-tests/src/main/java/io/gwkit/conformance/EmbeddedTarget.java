package io.gwkit.conformance;

import io.gwkit.cluster.LocalCluster;
import io.gwkit.conformance.record.Recorder;
import io.gwkit.conformance.record.RecordingProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A fresh in-process Java cluster ({@link LocalCluster}) per scenario, with every link recorded, on ports the
 * system picks: the register listens behind a recording proxy, which every node connects to; each gateway
 * announces the address of a recording proxy in front of its inner listener; the client listeners are the
 * gateways' own and the runner, being the end client, records the client links. The recording names every
 * server as the capture does, and the returned {@link AddressMap} turns the target's client_ids, inner
 * addresses and client ports back into the capture's, so that a build needs no fixed port free.
 *
 * <p>With given inner addresses ({@code gw conformance --inner}) the gateways announce those instead.
 */
public final class EmbeddedTarget implements Target {

    private static final int START_ATTEMPTS = 3;

    private final List<RecordingProxy> proxies = new ArrayList<>();
    private final List<String> targetInner;
    private LocalCluster cluster;

    /** Every port free (chosen by the system). */
    public EmbeddedTarget() {
        this(List.of());
    }

    /**
     * Gateways announcing {@code targetInner} (in the capture's order: text gateway first) instead of free
     * inner ports; empty: free ports.
     */
    public EmbeddedTarget(List<String> targetInner) {
        this.targetInner = List.copyOf(targetInner);
    }

    @Override
    public Endpoints start(CaptureHeader scenario, Recorder recorder) throws Exception {
        Endpoints endpoints;
        for (int attempt = 1; ; attempt++) {
            try {
                endpoints = startOnce(scenario, recorder);
                break;
            } catch (Exception e) {
                stopNodes();
                // a given inner port may still be held by the previous scenario
                if (!causedByBind(e) || attempt >= START_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
        // the startup traffic (broadcasts, cmd 200) is step-null: let it finish before step 0
        recorder.awaitQuiet(Duration.ofMillis(250), Duration.ofSeconds(10));
        return endpoints;
    }

    private Endpoints startOnce(CaptureHeader scenario, Recorder recorder) throws Exception {
        InetSocketAddress text = SocketAddresses.parse(scenario.textGatewayAddress());
        InetSocketAddress ws = SocketAddresses.parse(scenario.wsGatewayAddress());
        List<String> inner = scenario.innerAddresses();
        String host = text.getHostString();
        int registerBind = freePort();
        int textInnerBind = freePort();
        int wsInnerBind = freePort();
        RecordingProxy register = proxy(new InetSocketAddress(host, 0), registerBind, Link.REGISTER,
                scenario.registerAddress(), recorder);
        List<String> announced = new ArrayList<>();
        int[] binds = {textInnerBind, wsInnerBind};
        for (int i = 0; i < 2; i++) {
            InetSocketAddress listen = targetInner.isEmpty()
                    ? new InetSocketAddress(SocketAddresses.parse(inner.get(i)).getHostString(), 0)
                    : SocketAddresses.parse(targetInner.get(i));
            RecordingProxy p = proxy(listen, binds[i], Link.INNER, inner.get(i), recorder);
            announced.add(p.address().getHostString() + ":" + p.address().getPort());
        }
        InetSocketAddress textInner = SocketAddresses.parse(announced.get(0));
        InetSocketAddress wsInner = SocketAddresses.parse(announced.get(1));
        cluster = LocalCluster.builder()
                .captureCompatibleHandshakeData(true) // cmd 205 as the PHP captures have it
                .host(host)
                .registerPort(registerBind)
                .registerConnect(SocketAddresses.format(register.address()))
                .textPort(0)
                .wsPort(0)
                .lanIp(textInner.getHostString())
                .textInner(textInner.getPort(), textInnerBind)
                .wsInner(wsInner.getPort(), wsInnerBind)
                .secretKey(scenario.secretKey())
                .build()
                .start();
        AddressMap addresses = AddressMap.of(inner, announced)
                .withGatewayPort(text.getPort(), cluster.textAddress().getPort())
                .withGatewayPort(ws.getPort(), cluster.wsAddress().getPort());
        return new Endpoints(SocketAddresses.format(cluster.textAddress()), SocketAddresses.format(cluster.wsAddress()),
                SocketAddresses.format(register.address()), UnaryOperator.identity(), addresses);
    }

    private RecordingProxy proxy(InetSocketAddress listen, int upstreamPort, Link link, String serverName,
                                 Recorder recorder) throws IOException {
        RecordingProxy p = new RecordingProxy(listen, new InetSocketAddress(listen.getHostString(), upstreamPort), link,
                serverName, false, recorder);
        proxies.add(p);
        return p;
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void stop() {
        stopNodes();
    }

    private void stopNodes() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        proxies.forEach(RecordingProxy::close);
        proxies.clear();
    }

    @Override
    public boolean observes(Link link, String connectingRole) {
        return true;
    }

    @Override
    public String describe() {
        return "gwkit embedded Java cluster (LocalCluster)";
    }
}
