package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("socket")
class CallCommandTest {

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    /** Each request frame the fake gateway received, after its length field. */
    private final java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    private int run(String... args) {
        return Gw.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    /** A one-gateway cluster: the register lists the gateway; the gateway answers each request with {@code reply}. */
    private String cluster(String reply) throws Exception {
        ServerSocket gateway = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        ServerSocket register = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        servers.add(gateway);
        servers.add(register);
        String gatewayAddress = "127.0.0.1:" + gateway.getLocalPort();
        serve(register, s -> {
            s.getInputStream().read(new byte[4096]);
            s.getOutputStream().write(("{\"event\":\"broadcast_addresses\",\"addresses\":[\"" + gatewayAddress
                    + "\"]}\n").getBytes(StandardCharsets.UTF_8));
        });
        serve(gateway, s -> {
            DataInputStream in = new DataInputStream(s.getInputStream());
            int length = in.readInt();
            byte[] rest = new byte[length - 4];
            in.readFully(rest);
            received.add(new String(rest, StandardCharsets.UTF_8));
            byte[] r = reply.getBytes(StandardCharsets.UTF_8);
            DataOutputStream o = new DataOutputStream(s.getOutputStream());
            o.writeInt(r.length);
            o.write(r);
            o.flush();
            in.read();
        });
        return "127.0.0.1:" + register.getLocalPort();
    }

    interface Session {
        void run(Socket s) throws Exception;
    }

    private static void serve(ServerSocket server, Session session) {
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    session.run(s);
                } catch (Exception e) {
                    // next connection
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Test
    void printsThePhpJsonOfTheResult() throws Exception {
        String register = cluster("a:1:{i:3;a:1:{s:3:\"uid\";s:3:\"u/1\";}}");
        assertEquals(Gw.EXIT_OK, run("call", "--register", register, "getAllUidList"), err.toString());
        assertEquals("{\"u\\/1\":\"u\\/1\"}", out.toString().strip());
    }

    @Test
    void jsonArgumentsAndCounts() throws Exception {
        String register = cluster("a:2:{s:2:\"g1\";i:2;i:5;i:1;}");
        assertEquals(Gw.EXIT_OK, run("call", "--json", "-r", register, "batchGetClientIdCountByGroup", "[\"g1\",5]"),
                err.toString());
        assertEquals("{\"g1\":2,\"5\":1}", out.toString().strip());
    }

    @Test
    void aJsonTextIsSentAsAStringMessage() throws Exception {
        String register = cluster("N;");
        assertEquals(Gw.EXIT_OK, run("call", "-r", register, "sendToGroup", "g1", "{\"type\":\"chat\"}"),
                err.toString());
        String frame = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(frame != null && frame.endsWith("{\"group\":[\"g1\"],\"exclude\":null}{\"type\":\"chat\"}"),
                String.valueOf(frame));
    }

    @Test
    void withJsonEveryPhpCallShapeCanBeWritten() throws Exception {
        String register = cluster("N;");
        assertEquals(Gw.EXIT_OK, run("call", "--json", "-r", register, "sendToUid", "[\"u1\",7]", "\"hi\""),
                err.toString());
        String frame = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(frame != null && frame.endsWith("[\"u1\",7]hi"), String.valueOf(frame));
    }

    @Test
    void aMessageThatIsNotAStringIsRefusedBeforeSending() throws Exception {
        String register = cluster("N;");
        assertEquals(Gw.EXIT_USAGE, run("call", "--json", "-r", register, "sendToGroup", "\"g1\"",
                "{\"type\":\"chat\"}"));
        assertTrue(err.toString().contains("sendToGroup(): $message must be a string, got an array"), err.toString());
        assertEquals(Gw.EXIT_USAGE, run("call", "--json", "-r", register, "sendToAll", "null"));
        assertEquals("", out.toString());
        assertEquals(null, received.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    @Test
    void unknownMethodAndBadJsonAreUsageErrors() {
        assertEquals(Gw.EXIT_USAGE, run("call", "--register", "127.0.0.1:1", "noSuchMethod"));
        assertTrue(err.toString().contains("noSuchMethod"), err.toString());
        assertEquals(Gw.EXIT_USAGE, run("call", "--json", "--register", "127.0.0.1:1", "sendToUid", "[1,", "\"x\""));
        assertEquals(Gw.EXIT_USAGE, run("call", "--json", "--register", "127.0.0.1:1", "sendToUid", "u1", "\"x\""));
        assertTrue(err.toString().contains("with --json a string is written \"text\""), err.toString());
        assertEquals(Gw.EXIT_USAGE, run("call", "--register", "127.0.0.1:1", "sendToClient", "onlyOneArg"));
    }

    @Test
    void unreachableRegisterIsAnErrorOnStderr() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertEquals(Gw.EXIT_ERROR, run("call", "--register", "127.0.0.1:" + closed, "getAllClientCount"));
        assertTrue(err.toString().contains("127.0.0.1:" + closed), err.toString());
        assertEquals("", out.toString());
    }
}
