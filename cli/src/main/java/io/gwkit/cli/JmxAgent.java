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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;

/**
 * Exposes this JVM's platform MBeans over JMX on a loopback port after start, for {@code gw bench connections
 * --jmx}; off unless {@code --jmx} is given (metrics, {@code --metrics}, are the supported way to look in). The
 * {@code com.sun.management.jmxremote.*} system properties only work on the java command line and the JDK agent's
 * ManagementAgent.start is not reachable from inside, so this does what that agent does: an RMI registry and the
 * connector on one port, bound to 127.0.0.1, with password authentication (user {@code gw}, the password from
 * {@code GW_JMX_PASSWORD} or generated), no TLS — a measuring aid. Clients use {@link JmxHeap#connect}.
 */
final class JmxAgent {

    private JmxAgent() {
    }

    /** A running connector: its port and service URL; closing it unexports registry and connector. */
    record Running(int port, String serviceUrl, String password, Registry registry, RMIConnectorServer connector)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            connector.stop();
            java.rmi.server.UnicastRemoteObject.unexportObject(registry, true);
        }
    }

    /** The user name JMX clients authenticate as. */
    static final String USER = "gw";

    /**
     * {@code --jmx PORT} of a role: starts the agent with the password from {@code GW_JMX_PASSWORD} or a generated
     * one, and prints its URL to {@code err} (a generated password too, once; the password is never logged).
     */
    static Running startFor(int port, java.io.PrintWriter err) throws IOException {
        String fromEnv = System.getenv("GW_JMX_PASSWORD");
        boolean generated = fromEnv == null || fromEnv.isEmpty();
        String password = generated ? generatePassword() : fromEnv;
        Running jmx = start(port, password);
        err.println("jmx " + jmx.serviceUrl() + " user " + USER + (generated ? " password " + password
                : " password from GW_JMX_PASSWORD"));
        return jmx;
    }

    static String generatePassword() {
        byte[] random = new byte[18];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Starts the connector on 127.0.0.1:{@code port} (0: any free port), user {@link #USER} with {@code password}. */
    static Running start(int port, String password) throws IOException {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("--jmx needs a port in 0..65535, got " + port);
        }
        // the stubs handed to clients must name the loopback address the sockets are bound to
        System.setProperty("java.rmi.server.hostname", "127.0.0.1");
        Loopback loopback = new Loopback();
        Registry registry = LocateRegistry.createRegistry(port, null, loopback);
        port = loopback.boundPort;
        byte[] expected = password.getBytes(StandardCharsets.UTF_8);
        JMXAuthenticator authenticator = credentials -> {
            if (credentials instanceof String[] c && c.length == 2 && USER.equals(c[0]) && c[1] != null
                    && MessageDigest.isEqual(expected, c[1].getBytes(StandardCharsets.UTF_8))) {
                return new Subject(true, Set.of(new JMXPrincipal(USER)), Set.of(), Set.of());
            }
            throw new SecurityException("JMX authentication failed");
        };
        Map<String, Object> env = Map.of(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, loopback,
                JMXConnectorServer.AUTHENTICATOR, authenticator);
        RMIJRMPServerImpl server = new RMIJRMPServerImpl(port, null, loopback, env);
        RMIConnectorServer connector = new RMIConnectorServer(new JMXServiceURL("rmi", "127.0.0.1", port), env,
                server, ManagementFactory.getPlatformMBeanServer());
        connector.start();
        try {
            registry.bind("jmxrmi", server.toStub());
        } catch (java.rmi.AlreadyBoundException e) {
            throw new IllegalStateException(e);
        }
        return new Running(port, JmxHeap.serviceUrl("127.0.0.1", port), password, registry, connector);
    }

    /**
     * Server sockets on 127.0.0.1; one instance for registry and connector, so both share the port. Equal only to
     * itself, so an agent started after another was closed gets its own port (RMI reuses transports by factory).
     */
    private static final class Loopback implements RMIServerSocketFactory, Serializable {
        private transient volatile int boundPort;

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket s = new ServerSocket(port, 0, InetAddress.getLoopbackAddress());
            boundPort = s.getLocalPort();
            return s;
        }
    }
}
