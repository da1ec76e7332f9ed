package io.gwkit.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The command the README gives, {@code gw start --classpath <the chat's classes>}, as a process of its own: the
 * handler and the hooks come from the class path entry by ServiceLoader, with no class named.
 */
@Tag("socket")
class ChatStartCommandTest {

    private static String upgrade(String token, String protocols) {
        return "GET /chat?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + (protocols == null ? "" : "Sec-WebSocket-Protocol: " + protocols + "\r\n") + "\r\n";
    }

    /** The response head (through the blank line), read byte by byte so that no frame byte is consumed. */
    private static String head(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** One unmasked server text frame shorter than 126 bytes. */
    private static String textFrame(InputStream in) throws Exception {
        DataInputStream data = new DataInputStream(in);
        assertEquals(0x81, data.readUnsignedByte());
        byte[] payload = new byte[data.readUnsignedByte()];
        data.readFully(payload);
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Test
    void gwStartFindsTheHandlerAndTheHooksOnTheClassPath() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.gwkit.cli.Gw", "start", "--classpath", Path.of("target", "classes").toString(),
                "--register-port", "0", "--text-port", "0", "--ws-port", "0", "--inner-port", "0"));
        Process gw = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(gw.getInputStream(), StandardCharsets.UTF_8));
            String banner = out.readLine();
            assertTrue(banner != null && banner.contains(":0 running " + ChatEvents.class.getName()), banner);
            Matcher ws = Pattern.compile("websocket gateway ws://127\\.0\\.0\\.1:(\\d+)").matcher(banner);
            assertTrue(ws.find(), banner);
            int port = Integer.parseInt(ws.group(1));

            try (Socket refused = new Socket("127.0.0.1", port)) {
                refused.setSoTimeout(20_000);
                refused.getOutputStream().write(upgrade("u-NOPE", ChatHooks.SUBPROTOCOL)
                        .getBytes(StandardCharsets.US_ASCII));
                assertTrue(head(refused.getInputStream()).startsWith("HTTP/1.1 403 "));
            }
            try (Socket ann = new Socket("127.0.0.1", port)) {
                ann.setSoTimeout(20_000);
                ann.getOutputStream().write(upgrade("u-ann", "x.v0, " + ChatHooks.SUBPROTOCOL)
                        .getBytes(StandardCharsets.US_ASCII));
                String head = head(ann.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 101 "), head);
                assertTrue(head.contains("\r\nSec-WebSocket-Protocol: gw.chat.v1\r\n"), head);
                String welcome = textFrame(ann.getInputStream());
                assertTrue(welcome.matches("\\{\"type\":\"welcome\",\"client_id\":\"[0-9a-f]{20}\",\"uid\":\"ann\"}"),
                        welcome);
            }
        } finally {
            gw.destroy(); // SIGTERM: gw stops cleanly
            assertTrue(gw.waitFor(30, TimeUnit.SECONDS), "gw start did not stop on SIGTERM");
        }
    }
}
