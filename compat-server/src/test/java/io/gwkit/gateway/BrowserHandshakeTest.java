package io.gwkit.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.protocol.Command;
import io.gwkit.protocol.GatewayFrame;
import io.gwkit.testing.GatewayFixture;
import io.gwkit.testing.InnerPeer;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The chat example's handshake in a real headless browser (Debian's chromium + chromium-driver through Selenium)
 * over wss with a self-signed certificate: a refused token never opens, {@code gw.chat.v1} is selected, binary
 * frames round-trip through a worker. Skipped, saying so, where chromium is not installed.
 */
@Tag("socket")
class BrowserHandshakeTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Path TLS = Path.of("src/test/resources/tls");

    /** Opens a refused socket, then an accepted one that sends 4 binary bytes and waits for them to come back. */
    private static final String SCRIPT = """
            const url = arguments[0], done = arguments[arguments.length - 1], log = [];
            const refused = new WebSocket(url + '?token=mallory', ['gw.chat.v1']);
            refused.onopen = () => log.push('refused socket opened');
            refused.onclose = () => {
              log.push('refused closed');
              const ws = new WebSocket(url + '?token=u-alice', ['other', 'gw.chat.v1']);
              ws.binaryType = 'arraybuffer';
              ws.onopen = () => { log.push('open ' + ws.protocol); ws.send(new Uint8Array([0, 1, 254, 255])); };
              ws.onmessage = e => {
                log.push(e.data instanceof ArrayBuffer ? 'binary ' + new Uint8Array(e.data).join(',') : 'text ' + e.data);
                ws.close();
                done(log);
              };
              ws.onerror = () => { log.push('error'); done(log); };
            };
            """;

    @Test
    void theChatHandshakeInChromiumOverWss() throws Exception {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "chromium is not installed (apt-get install -y chromium chromium-driver): browser test skipped");
        List<String> answers = new CopyOnWriteArrayList<>();
        GatewayHooks chat = new GatewayHooksTest.ChatHandshake() {
            @Override
            public CompletionStage<Handshake.Result> onWebSocketHandshake(Handshake h) {
                return super.onWebSocketHandshake(h).thenApply(r -> {
                    answers.add(r.status() + " " + r.subprotocol());
                    return r;
                });
            }
        };
        Tls tls = Tls.pem(TLS.resolve("cert.pem"), TLS.resolve("key.pem"));
        try (GatewayFixture fx = new GatewayFixture("", b -> b.hooks(chat).tls(tls).listen("wss://127.0.0.1:0"));
             InnerPeer worker = new InnerPeer(fx.inner()).announceWorker("w:0", "")) {
            Thread echo = new Thread(() -> echoBinary(worker), "echo-worker");
            echo.setDaemon(true);
            echo.start();

            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            // the test page (about:blank) is not on loopback: Local Network Access would block its sockets to 127.0.0.1
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-features=LocalNetworkAccessChecks");
            options.setAcceptInsecureCerts(true); // the self-signed test certificate
            org.openqa.selenium.logging.LoggingPreferences prefs = new org.openqa.selenium.logging.LoggingPreferences();
            prefs.enable("browser", java.util.logging.Level.ALL);
            options.setCapability("goog:loggingPrefs", prefs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
            ChromeDriver browser = new ChromeDriver(service, options);
            try {
                browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
                String url = "wss://127.0.0.1:" + fx.gateway.listenerAddresses().get(4).getPort() + "/chat";
                Object log = browser.executeAsyncScript(SCRIPT, url);
                String console = browser.manage().logs().get("browser").getAll().toString();
                assertTrue(console.contains("token=mallory' failed: Error during WebSocket handshake: "
                        + "Unexpected response code: 403"), console);
                assertEquals(List.of("refused closed", "open gw.chat.v1", "binary 0,1,254,255"), log);
            } finally {
                browser.quit();
            }
            assertEquals(List.of("403 null", "101 gw.chat.v1"), answers);
            assertTrue(fx.gateway.stats().hookFailures() == 0);
        }
    }

    /** A worker that sends every binary message back to its client as a binary frame. */
    private static void echoBinary(InnerPeer worker) {
        try {
            while (true) {
                GatewayFrame event = worker.readEvent();
                if (event.cmd() == Command.ON_MESSAGE.code() && event.isBinary()) {
                    worker.send(GatewayFrame.request(Command.SEND_TO_ONE, event.connectionId(),
                            GatewayFrame.FLAG_SCALAR | GatewayFrame.FLAG_BINARY, null, event.body()));
                }
            }
        } catch (Exception closed) {
            // the test is over
        }
    }
}
