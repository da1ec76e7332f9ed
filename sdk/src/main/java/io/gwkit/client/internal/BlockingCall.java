package io.gwkit.client.internal;

import io.gwkit.client.GatewayTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** How a blocking GatewayClient method waits for its async twin: bounded, and throwing what the future failed with. */
public final class BlockingCall {

    private BlockingCall() {
    }

    /**
     * The future's value within {@code timeoutMillis}; its failure rethrown as it is (not wrapped), a
     * {@link GatewayTimeoutException} after the timeout. The future is cancelled when the wait ends early.
     */
    public static <T> T await(CompletableFuture<T> future, long timeoutMillis) {
        try {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new GatewayTimeoutException(null, null, "call did not complete within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new IllegalStateException("interrupted while waiting for the gateway", e);
        }
    }
}
