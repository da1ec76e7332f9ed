package io.gwkit.cli;

import io.gwkit.bench.JmxHeap;
import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.util.Map;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;

/**
 * Exposes this JVM's platform MBeans over JMX on a loopback port after start, for {@code gw bench connections
 * --jmx}. The {@code com.sun.management.jmxremote.*} system properties only work on the java command line and
 * the JDK agent's ManagementAgent.start is not reachable from inside, so this does what that agent does: an
 * RMI registry and the connector on one port, bound to 127.0.0.1, no authentication or TLS — a measuring aid,
 * never for a port reachable from elsewhere. Clients use {@link JmxHeap#serviceUrl}.
 */
final class JmxAgent {

    private JmxAgent() {
    }

    /** A running connector: its port and service URL; closing it unexports registry and connector. */
    record Running(int port, String serviceUrl, Registry registry, RMIConnectorServer connector)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            connector.stop();
            java.rmi.server.UnicastRemoteObject.unexportObject(registry, true);
        }
    }

    /** Starts the connector on 127.0.0.1:{@code port} (0: any free port). */
    static Running start(int port) throws IOException {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("--jmx needs a port in 0..65535, got " + port);
        }
        // the stubs handed to clients must name the loopback address the sockets are bound to
        System.setProperty("java.rmi.server.hostname", "127.0.0.1");
        Loopback loopback = new Loopback();
        Registry registry = LocateRegistry.createRegistry(port, null, loopback);
        port = loopback.boundPort;
        Map<String, Object> env = Map.of(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, loopback);
        RMIJRMPServerImpl server = new RMIJRMPServerImpl(port, null, loopback, env);
        RMIConnectorServer connector = new RMIConnectorServer(new JMXServiceURL("rmi", "127.0.0.1", port), env,
                server, ManagementFactory.getPlatformMBeanServer());
        connector.start();
        try {
            registry.bind("jmxrmi", server.toStub());
        } catch (java.rmi.AlreadyBoundException e) {
            throw new IllegalStateException(e);
        }
        return new Running(port, JmxHeap.serviceUrl("127.0.0.1", port), registry, connector);
    }

    /** Server sockets on 127.0.0.1; one equal instance for registry and connector, so both share the port. */
    private static final class Loopback implements RMIServerSocketFactory, Serializable {
        private transient volatile int boundPort;

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket s = new ServerSocket(port, 0, InetAddress.getLoopbackAddress());
            boundPort = s.getLocalPort();
            return s;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Loopback;
        }

        @Override
        public int hashCode() {
            return Loopback.class.hashCode();
        }
    }
}
