package io.gwkit.server.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import java.net.BindException;

/**
 * Binds a server channel and, when that fails, says which address could not be had and why in one sentence
 * (Netty rethrows the JDK's or the native transport's exception, whose text names neither the port nor the role).
 */
public final class Binds {

    private Binds() {
    }

    /**
     * Binds {@code bootstrap} on {@code host:port} for {@code what} (e.g. "the register", "text gateway clients").
     *
     * @throws IllegalStateException "cannot listen on HOST:PORT for WHAT: address already in use (...)" or the
     *         system's reason, with the original exception as its cause
     */
    public static Channel bind(ServerBootstrap bootstrap, String host, int port, String what)
            throws InterruptedException {
        try {
            return bootstrap.bind(host, port).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // Netty rethrows the checked BindException without declaring it
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " for " + what + ": "
                    + reason(e), asBindException(e));
        }
    }

    /**
     * The native transports report a port in use as a plain IOException; callers that retry on another port look
     * for a {@link BindException} among the causes, so one is put there.
     */
    private static Exception asBindException(Exception e) {
        if (e instanceof BindException || !String.valueOf(e.getMessage()).contains("Address already in use")) {
            return e;
        }
        BindException bind = new BindException(e.getMessage());
        bind.initCause(e);
        return bind;
    }

    private static String reason(Exception e) {
        String text = String.valueOf(e.getMessage());
        if (text.contains("Address already in use")) {
            return "address already in use (another process listens there: stop it or choose another port)";
        }
        if (text.contains("Cannot assign requested address")) {
            return "this machine has no such address (use one of its own addresses, 127.0.0.1 or 0.0.0.0)";
        }
        if (e instanceof BindException || text.contains("Permission denied")) {
            return text;
        }
        return e.getClass().getSimpleName() + ": " + text;
    }
}
