package io.gwkit.client;

/**
 * Observes the calls of a {@link GatewayClient}, e.g. to record metrics (the Spring Boot starter counts and
 * times calls per method this way, so the SDK itself needs no metrics library). Set it with
 * {@link GatewayClient.Builder#callListener(CallListener)}.
 *
 * <p>Every call made through the client (typed methods, their {@code async()} twins and {@code invoke})
 * is reported exactly once, when its future completes, on the thread that completes it (often a Netty I/O
 * thread): implementations must be thread-safe, quick, and must not block. An exception thrown here is
 * logged and otherwise ignored; it never fails the call.
 */
@FunctionalInterface
public interface CallListener {

    /** Reports nothing; the default. */
    CallListener NONE = (method, durationNanos, failure) -> { };

    /**
     * One call has completed.
     *
     * @param method        the PHP method that ran
     * @param durationNanos from the call to its completion, in nanoseconds
     * @param failure       null on success, else what the call failed with ({@link GatewayClientException}
     *                      subtypes, {@link io.gwkit.protocol.InvalidClientIdException},
     *                      {@link IllegalArgumentException}, ...)
     */
    void callCompleted(PhpMethod method, long durationNanos, Throwable failure);
}
