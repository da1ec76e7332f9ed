package io.gwkit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.netty.Transports;
import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The register client's rules, on real loopback sockets with a plain ServerSocket as the register. */
@Tag("socket")
class RegisterSessionTest {

    private static final RegisterMessage HELLO_MESSAGE = new RegisterMessage.GatewayConnect("127.0.0.1:2900", "");
    private static final String HELLO = HELLO_MESSAGE.toLine();
    private EventLoopGroup group;

    @BeforeEach
    void startGroup() {
        group = Transports.group(1);
    }

    @AfterEach
    void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void keepaliveRuleIsPhps() {
        assertFalse(RegisterSession.needsKeepalive("127.0.0.1:1236"));
        assertTrue(RegisterSession.needsKeepalive("10.0.0.7:1236"));
        assertTrue(RegisterSession.needsKeepalive("127.0.0.2:1236"));
        assertTrue(RegisterSession.needsKeepalive("localhost:1236"));
        assertTrue(RegisterSession.needsKeepalive("[::1]:1236"));
    }

    @Test
    void saysHelloOnEveryConnectionAndReconnectsAfterTheDelay() throws Exception {
        try (ServerSocket register = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             RegisterSession session = session("127.0.0.1:" + register.getLocalPort(), Duration.ofMillis(300))) {
            session.start();
            register.setSoTimeout(10_000);
            long lost;
            try (Socket first = register.accept()) {
                assertEquals(HELLO, reader(first).readLine());
                lost = System.nanoTime();
            }
            try (Socket second = register.accept()) {
                long waitedMs = (System.nanoTime() - lost) / 1_000_000;
                assertEquals(HELLO, reader(second).readLine());
                assertTrue(waitedMs >= 250, "reconnected after " + waitedMs + " ms, delay is 300 ms");
            }
        }
    }

    @Test
    void pingsRegistersNotOn127001() throws Exception {
        InetAddress other = InetAddress.getByName("127.0.0.2");
        try (ServerSocket register = new ServerSocket(0, 10, other);
             RegisterSession session = RegisterSession.builder(group, HELLO_MESSAGE)
                     .register("127.0.0.2:" + register.getLocalPort()).keepalive(Duration.ofMillis(50)).build()) {
            session.start();
            register.setSoTimeout(10_000);
            try (Socket s = register.accept()) {
                s.setSoTimeout(10_000);
                BufferedReader in = reader(s);
                assertEquals(HELLO, in.readLine());
                assertEquals(new RegisterMessage.Ping().toLine(), in.readLine());
                assertEquals(new RegisterMessage.Ping().toLine(), in.readLine());
            }
        }
    }

    @Test
    void anOutageIsLoggedOnceAndItsEndOnce() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        List<String> attempts = new CopyOnWriteArrayList<>();
        try (StderrLines log = new StderrLines();
             RegisterSession session = RegisterSession.builder(group, HELLO_MESSAGE)
                     .register(address).name("test-node").reconnectDelay(Duration.ofMillis(20))
                     .listener(new RegisterSession.Listener() {
                         @Override
                         public void connected(String register) {
                             attempts.add(register);
                         }
                     }).build()) {
            session.start();
            awaitTrue(() -> log.count("WARN", "test-node: register " + address + " unreachable") == 1);
            Thread.sleep(200); // several more failed retries (20 ms apart) while the register is down
            try (ServerSocket register = new ServerSocket(port, 10, InetAddress.getLoopbackAddress())) {
                register.setSoTimeout(10_000);
                try (Socket s = register.accept()) {
                    assertEquals(HELLO, reader(s).readLine());
                    awaitTrue(() -> log.count("INFO", "test-node: register " + address + " reachable again") == 1);
                }
            }
            assertEquals(1, log.count("WARN", "unreachable"), log.text());
            awaitTrue(() -> !attempts.isEmpty()); // connected() runs after the hello is written
            assertEquals(address, attempts.get(0));
        }
    }

    private RegisterSession session(String address, Duration reconnectDelay) {
        return RegisterSession.builder(group, HELLO_MESSAGE).register(address)
                .reconnectDelay(reconnectDelay).build();
    }

    private static BufferedReader reader(Socket s) throws Exception {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            Thread.sleep(10);
        }
    }

    /** What slf4j-simple writes to System.err (it looks System.err up at each call), passed on as well. */
    private static final class StderrLines implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        StderrLines() {
            System.setErr(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (buffer) {
                        buffer.write(b);
                    }
                    original.write(b);
                }
            }, true, StandardCharsets.UTF_8));
        }

        String text() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }

        long count(String level, String part) {
            return text().lines().filter(l -> l.contains(" " + level + " ") && l.contains(part)).count();
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
