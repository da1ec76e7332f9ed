package io.gwkit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The heap of a JVM under test, read over JMX (a gateway started with {@code gw gateway --jmx PORT} or
 * {@code gw start --jmx PORT}): used after a full GC, and committed.
 */
public final class JmxHeap implements AutoCloseable {

    /** Heap after a full GC, in KiB. */
    public record Sample(double usedKib, double committedKib) {
    }

    private final JMXConnector connector;
    private final MemoryMXBean memory;

    private JmxHeap(JMXConnector connector, MemoryMXBean memory) {
        this.connector = connector;
        this.memory = memory;
    }

    /**
     * Connects to the JMX agent at {@code host:port} (the JDK agent's RMI registry) as user {@code gw} with
     * {@code password} (null: without credentials).
     */
    public static JmxHeap connect(String hostPort, String password) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--jmx expects HOST:PORT, got \"" + hostPort + "\"");
        }
        JMXServiceURL url = new JMXServiceURL(serviceUrl(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1))));
        JMXConnector c = JMXConnectorFactory.connect(url, password == null ? null
                : java.util.Map.of(JMXConnector.CREDENTIALS, new String[] {"gw", password}));
        return new JmxHeap(c, ManagementFactory.newPlatformMXBeanProxy(c.getMBeanServerConnection(),
                ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class));
    }

    /** The JDK agent's service URL for a registry at {@code host:port}. */
    public static String serviceUrl(String host, int port) {
        return "service:jmx:rmi:///jndi/rmi://" + host + ":" + port + "/jmxrmi";
    }

    /** Runs a full GC in the target, then reads its heap. */
    public Sample sample() {
        memory.gc();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        return new Sample(heap.getUsed() / 1024.0, heap.getCommitted() / 1024.0);
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
