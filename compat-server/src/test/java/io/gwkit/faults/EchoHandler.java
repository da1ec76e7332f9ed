package io.gwkit.faults;

import io.gwkit.worker.EventContext;
import io.gwkit.worker.EventHandler;

/**
 * Answers every message with {@code "<name>: <message>"}, so a test sees which worker served it; the message
 * {@code whoami} is answered with the client's client_id.
 */
final class EchoHandler implements EventHandler {

    private final String name;

    EchoHandler(String name) {
        this.name = name;
    }

    @Override
    public void onMessage(EventContext ctx, String clientId, String message) {
        ctx.sendToCurrentClient(message.equals("whoami") ? clientId : name + ": " + message);
    }
}
