package io.gwkit.faults;

import io.gwkit.worker.EventContext;
import io.gwkit.worker.EventHandler;

/**
 * Answers every message with {@code "<name>: <message>"}, so a test sees which worker served it; the message
 * {@code whoami} is answered with the client's client_id.
 */
final class EchoHandler implements EventHandler {

    private final String name;
    /** How long each message takes (a busy worker falls behind, so events pile up in flight to it). */
    private final long delayMillis;

    EchoHandler(String name) {
        this(name, 0);
    }

    EchoHandler(String name, long delayMillis) {
        this.name = name;
        this.delayMillis = delayMillis;
    }

    @Override
    public void onMessage(EventContext ctx, String clientId, String message) {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ctx.sendToCurrentClient(message.equals("whoami") ? clientId : name + ": " + message);
    }
}
