package io.gwkit.torture;

import io.gwkit.client.GatewayClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The check after every case: the bystander gets an echo from the demo app and a push through the register
 * (GatewayClient sendToAll), and fresh text (and websocket) clients connect and get their welcome.
 */
final class HealthCheck {

    private final TortureTarget target;
    private final GatewayClient sdk;
    private final ScheduledExecutorService timers;
    private final Duration timeout;

    HealthCheck(TortureTarget target, GatewayClient sdk, ScheduledExecutorService timers, Duration timeout) {
        this.target = target;
        this.sdk = sdk;
        this.timers = timers;
        this.timeout = timeout;
    }

    Health check(Bystander bystander, CaseContext ctx) throws InterruptedException {
        StringBuilder d = new StringBuilder();
        boolean served = true;
        long slowest = 0;
        if (bystander == null || !bystander.alive()) {
            served = false;
            d.append("bystander lost");
        } else {
            String echo = ctx.marker("echo");
            long echoMs = bystander.send(echo) ? bystander.await("echo " + echo, timeout) : -1;
            String push = ctx.marker("push");
            String pushError = null;
            try {
                sdk.sendToAll(push);
            } catch (RuntimeException e) {
                pushError = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            long pushMs = pushError == null ? bystander.await(push, timeout) : -1;
            served = echoMs >= 0 && pushMs >= 0;
            slowest = Math.max(echoMs, pushMs);
            d.append("bystander echo ").append(echoMs >= 0 ? echoMs + " ms" : "LOST")
                    .append(", push ").append(pushMs >= 0 ? pushMs + " ms" : pushError != null ? "FAILED (" + pushError + ")" : "LOST");
            if (!bystander.alive()) {
                d.append(" (bystander connection closed)");
            }
        }
        String text = freshText();
        String ws = target.ws() == null ? "ok" : freshWs();
        d.append("; fresh text ").append(text);
        if (target.ws() != null) {
            d.append(", ws ").append(ws);
        }
        return new Health(served, text.equals("ok") && ws.equals("ok"), slowest, d.toString());
    }

    /** "ok", or what went wrong connecting a fresh text client. */
    String freshText() {
        try {
            TextClient.Session s = TextClient.connect(target.text(), timeout, timers);
            s.connection().close();
            return "ok";
        } catch (IOException e) {
            return "FAILED (" + e.getMessage() + ")";
        }
    }

    private String freshWs() {
        try (RawConnection c = RawConnection.open(target.ws(), timeout, timers)) {
            c.write(WebSocketWire.handshake(target.ws().getHostString() + ":" + target.ws().getPort(), "/"));
            String head = WebSocketWire.readResponseHead(c, timeout);
            if (WebSocketWire.status(head) != 101) {
                return "FAILED (handshake: " + (head == null ? "no answer" : head.lines().findFirst().orElse("")) + ")";
            }
            return WebSocketWire.awaitWelcome(c, timeout) ? "ok" : "FAILED (no welcome)";
        } catch (IOException e) {
            return "FAILED (" + e.getMessage() + ")";
        }
    }
}
