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
    private final java.util.function.Consumer<String> handled;

    EchoHandler(String name) {
        this(name, 0);
    }

    EchoHandler(String name, long delayMillis) {
        this(name, delayMillis, m -> { });
    }

    /** @param handled told each message as its handler runs (to check "handled exactly once") */
    EchoHandler(String name, long delayMillis, java.util.function.Consumer<String> handled) {
        this.name = name;
        this.delayMillis = delayMillis;
        this.handled = handled;
    }

    @Override
    public void onMessage(EventContext ctx, String clientId, String message) {
        handled.accept(message);
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
