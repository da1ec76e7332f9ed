package io.gwkit.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The chat end to end in a real headless Chromium (Debian's chromium + chromium-driver, through Selenium): the
 * browser's own WebSocket against the gateway and worker that ServiceLoader finds in this module. Skipped, saying
 * so, only when chromium or its driver is not installed ({@code apt-get install -y chromium chromium-driver}).
 */
@Tag("socket")
class ChatBrowserTest {

    private static final long WAIT_MILLIS = 20_000;
    private static final Pattern CLIENT_ID = Pattern.compile("[0-9a-f]{20}");

    /** Sockets the page opens: each keeps its messages (binary ones as "binary:b0,b1,..."), open and close state. */
    private static final String HARNESS = """
            window.socks = {};
            window.openSock = function (name, url, protocols) {
              const s = {msgs: [], opened: false, closed: null, protocol: null};
              const ws = protocols ? new WebSocket(url, protocols) : new WebSocket(url);
              ws.binaryType = 'arraybuffer';
              ws.onopen = () => { s.opened = true; s.protocol = ws.protocol; };
              ws.onmessage = e => s.msgs.push(typeof e.data === 'string' ? e.data
                  : 'binary:' + Array.from(new Uint8Array(e.data)).join(','));
              ws.onclose = e => { s.closed = e.code; };
              s.ws = ws;
              window.socks[name] = s;
            };
            """;

    private static ChatCluster chat;
    private static ChromeDriver browser;
    /** Serves the empty page the sockets are opened from: a loopback origin, as a chat page on the same host. */
    private static HttpServer page;

    private static Path executable(String env, String... candidates) {
        String configured = System.getenv(env);
        for (String c : configured != null ? List.of(configured) : List.of(candidates)) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @BeforeAll
    static void start() throws Exception {
        Path chromium = executable("CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path driver = executable("CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        Assumptions.assumeTrue(chromium != null && driver != null, "SKIPPED: chromium or chromedriver is not "
                + "installed (apt-get install -y chromium chromium-driver; or set CHROMIUM and CHROMEDRIVER)");
        chat = new ChatCluster();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().withLogFile(new File(System.getProperty("java.io.tmpdir"), "chromedriver.log"))
                .build();
        browser = new ChromeDriver(service, options);
        page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page.createContext("/", exchange -> {
            byte[] html = "<!doctype html><title>chat</title>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            exchange.close();
        });
        page.start();
        browser.get("http://127.0.0.1:" + page.getAddress().getPort() + "/");
        js(HARNESS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (chat != null) {
            chat.close();
        }
        if (page != null) {
            page.stop(0);
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void open(String name, String token, boolean offerSubprotocol) {
        js("openSock(arguments[0], arguments[1], arguments[2])", name, chat.url() + "/?token=" + token,
                offerSubprotocol ? List.of("other.v0", ChatHooks.SUBPROTOCOL) : null);
    }

    private static void send(String name, String json) {
        js("window.socks[arguments[0]].ws.send(arguments[1])", name, json);
    }

    /** The next message {@code name} received, waiting for it. */
    private static String next(String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Object m = js("return window.socks[arguments[0]].msgs.shift() || null", name);
            if (m != null) {
                return (String) m;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(name + " received nothing; state " + js(
                "const s = window.socks[arguments[0]]; return JSON.stringify({opened: s.opened, closed: s.closed})",
                name));
    }

    private static Object await(String expression, String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Object v = js("const s = window.socks[arguments[0]]; return " + expression, name);
            if (v != null && !Boolean.FALSE.equals(v)) {
                return v;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(expression + " never held for " + name);
    }

    /** What follows the client_id in a welcome message ({@code ,"uid":"..."}}), checking what precedes it. */
    private static String welcomeUid(String welcome) {
        assertTrue(welcome.startsWith("{\"type\":\"welcome\",\"client_id\":\""), welcome);
        assertTrue(CLIENT_ID.matcher(welcome.substring(31, 51)).matches(), welcome);
        return welcome.substring(52);
    }

    @Test
    void aRefusedTokenGets403AndTheBrowserNeverOpens() throws Exception {
        open("bad", "x-ann", true);
        await("s.closed", "bad");
        assertEquals(Boolean.FALSE, js("return window.socks.bad.opened"));
        for (String token : List.of("u-ANN", "u-", "u-" + "a".repeat(33), "")) {
            try (Socket s = new Socket("127.0.0.1", chat.port())) {
                s.setSoTimeout((int) WAIT_MILLIS);
                s.getOutputStream().write(("GET /?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String status = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.ISO_8859_1)).readLine();
                assertTrue(status.startsWith("HTTP/1.1 403"), token + ": " + status);
            }
        }
    }

    @Test
    void theWholeChatProtocolInTheBrowser() throws Exception {
        open("ann", "u-ann", true);
        assertEquals(",\"uid\":\"ann\"}", welcomeUid(next("ann")));
        assertEquals(ChatHooks.SUBPROTOCOL, await("s.opened && s.protocol", "ann"));
        open("bob", "u-bob", false);
        assertEquals(",\"uid\":\"bob\"}", welcomeUid(next("bob")));
        assertEquals("none", await("s.opened && (s.protocol === '' ? 'none' : s.protocol)", "bob"));

        send("ann", "{\"type\":\"join\",\"room\":\"r1\"}");
        assertEquals("{\"type\":\"joined\",\"room\":\"r1\",\"uid\":\"ann\"}", next("ann"));
        send("bob", "{\"type\":\"join\",\"room\":\"r1\"}");
        String bobJoined = "{\"type\":\"joined\",\"room\":\"r1\",\"uid\":\"bob\"}";
        assertEquals(bobJoined, next("bob"));
        assertEquals(bobJoined, next("ann"));

        send("bob", "{\"type\":\"say\",\"room\":\"r1\",\"text\":\"hi all\"}");
        String said = "{\"type\":\"said\",\"room\":\"r1\",\"uid\":\"bob\",\"text\":\"hi all\"}";
        assertEquals(said, next("bob"));
        assertEquals(said, next("ann"));

        send("ann", "{\"type\":\"whisper\",\"to\":\"bob\",\"text\":\"psst\"}");
        assertEquals("{\"type\":\"whispered\",\"from\":\"ann\",\"text\":\"psst\"}", next("bob"));

        send("ann", "{\"type\":\"count\",\"room\":\"r1\"}");
        assertEquals("{\"type\":\"count\",\"room\":\"r1\",\"n\":2}", next("ann"));

        long sent = System.nanoTime();
        send("ann", "{\"type\":\"remind\",\"ms\":300,\"text\":\"tea\"}");
        assertEquals("{\"type\":\"reminder\",\"text\":\"tea\"}", next("ann"));
        assertTrue(System.nanoTime() - sent >= Duration.ofMillis(300).toNanos());

        js("window.socks.ann.ws.send(new Uint8Array([0, 1, 2, 127, 128, 255]))");
        assertEquals("binary:0,1,2,127,128,255", next("ann"));

        js("window.socks.bob.ws.close()");
        assertEquals("{\"type\":\"left\",\"room\":\"r1\",\"uid\":\"bob\"}", next("ann"));
        js("window.socks.ann.ws.close()");
    }
}
