package io.gwkit.conformance;

import io.gwkit.cluster.LocalCluster;
import io.gwkit.conformance.record.Recorder;
import io.gwkit.conformance.record.RecordingProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;

/**
 * A fresh in-process Java cluster ({@link LocalCluster}) per scenario, in the capture's deployment, with
 * every link recorded: the gateways announce the canonical inner addresses (2900/2901) but bind ephemeral
 * ports behind recording proxies on the canonical ones; the register listens on an ephemeral port behind a
 * recording proxy on the canonical register port, which every node connects to; the client listeners bind
 * the canonical client ports themselves (the gateway_port field names them) and the runner, being the end
 * client, records the client links.
 *
 * <p>It needs the canonical ports (1236, 8282, 8283, 2900, 2901 by default); targets in several processes
 * on one machine take turns through a lock file (see {@link #acquirePorts()}).
 */
public final class EmbeddedTarget implements Target {

    private static final int START_ATTEMPTS = 3;
    private static final Semaphore JVM_PORTS = new Semaphore(1);

    private final List<RecordingProxy> proxies = new ArrayList<>();
    private LocalCluster cluster;
    private FileChannel portsChannel;
    private FileLock portsLock;
    private final List<String> targetInner;

    /** Gateways on the capture's inner addresses. */
    public EmbeddedTarget() {
        this(List.of());
    }

    /**
     * Gateways announcing {@code targetInner} (in the capture's order) instead of the capture's inner addresses:
     * the way a cluster on other inner ports is replayed, with {@link ConformanceSuite.Builder#targetInner}.
     */
    public EmbeddedTarget(List<String> targetInner) {
        this.targetInner = List.copyOf(targetInner);
    }

    @Override
    public Endpoints start(CaptureHeader scenario, Recorder recorder) throws Exception {
        acquirePorts();
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce(scenario, recorder);
                break;
            } catch (Exception e) {
                stopNodes();
                // a port of the previous scenario may still be held, or a "free" port was taken meanwhile
                if (!causedByBind(e)) {
                    throw e;
                }
                if (attempt >= START_ATTEMPTS) {
                    throw new java.net.BindException("the embedded cluster needs " + scenario.registerAddress() + ", "
                            + scenario.textGatewayAddress() + ", " + scenario.wsGatewayAddress() + " and "
                            + scenario.innerAddresses() + " free: " + e.getMessage());
                }
                Thread.sleep(500);
            }
        }
        // the startup traffic (broadcasts, cmd 200) is step-null: let it finish before step 0
        recorder.awaitQuiet(Duration.ofMillis(250), Duration.ofSeconds(10));
        return new Endpoints(scenario.textGatewayAddress(), scenario.wsGatewayAddress(), scenario.registerAddress(),
                UnaryOperator.identity());
    }

    private void startOnce(CaptureHeader scenario, Recorder recorder) throws Exception {
        InetSocketAddress register = SocketAddresses.parse(scenario.registerAddress());
        InetSocketAddress text = SocketAddresses.parse(scenario.textGatewayAddress());
        InetSocketAddress ws = SocketAddresses.parse(scenario.wsGatewayAddress());
        List<String> inner = scenario.innerAddresses();
        InnerAddressMap map = InnerAddressMap.forScenario(scenario, targetInner);
        InetSocketAddress textInner = SocketAddresses.parse(map.toTarget(inner.get(0)));
        InetSocketAddress wsInner = SocketAddresses.parse(map.toTarget(inner.get(1)));
        int registerBind = freePort();
        int textInnerBind = freePort();
        int wsInnerBind = freePort();
        proxies.add(new RecordingProxy(register, new InetSocketAddress("127.0.0.1", registerBind), Link.REGISTER,
                scenario.registerAddress(), false, recorder));
        proxies.add(new RecordingProxy(textInner, new InetSocketAddress(textInner.getHostString(), textInnerBind),
                Link.INNER, inner.get(0), false, recorder));
        proxies.add(new RecordingProxy(wsInner, new InetSocketAddress(wsInner.getHostString(), wsInnerBind),
                Link.INNER, inner.get(1), false, recorder));
        cluster = LocalCluster.builder()
                .host(text.getHostString())
                .registerPort(registerBind)
                .registerConnect(scenario.registerAddress())
                .textPort(text.getPort())
                .wsPort(ws.getPort())
                .lanIp(textInner.getHostString())
                .textInner(textInner.getPort(), textInnerBind)
                .wsInner(wsInner.getPort(), wsInnerBind)
                .secretKey(scenario.secretKey())
                .build()
                .start();
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
        releasePorts();
    }

    private void stopNodes() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        proxies.forEach(RecordingProxy::close);
        proxies.clear();
    }

    /**
     * The canonical ports are one machine-wide resource: several builds (or a build and a {@code gw
     * conformance} run) on one machine take turns per scenario instead of colliding. A lock file in the
     * temporary directory serializes processes; a semaphore serializes targets within this JVM (a file
     * lock is held per JVM). The OS drops the file lock if the process dies.
     */
    private void acquirePorts() throws IOException, InterruptedException {
        if (portsLock != null) {
            return;
        }
        JVM_PORTS.acquire();
        try {
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "gwkit-conformance-canonical-ports.lock");
            portsChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            portsLock = portsChannel.lock();
        } catch (IOException | RuntimeException e) {
            releasePorts();
            JVM_PORTS.release();
            throw e;
        }
    }

    private void releasePorts() {
        if (portsChannel == null) {
            return;
        }
        try {
            portsChannel.close(); // releases the lock
        } catch (IOException ignored) {
            // the lock goes with the channel
        }
        boolean held = portsLock != null;
        portsChannel = null;
        portsLock = null;
        if (held) {
            JVM_PORTS.release();
        }
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
