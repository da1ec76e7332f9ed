package io.gwkit.gateway;

/**
 * What a listener does with a client that does not read what it is sent fast enough, once its send buffer is
 * over {@code clientSendBufferLimit} (see docs/ROBUSTNESS.md, "Slow clients and bursts").
 *
 * <p>First, under every policy, the gateway stops reading the inner connection (worker or GatewayClient) that
 * sent the message, until the client has drained to half the limit: a sender that outruns one client slows
 * down instead of losing data. If the client is still over the limit after the listener's
 * {@code slowClientTimeout}, the policy applies. A drop or a close is logged once per client and counted in
 * {@link GatewayStats#sendBufferDrops()} / {@link GatewayStats#sendBufferCloses()}.
 */
public enum SlowClientPolicy {
    /** Close the client, dropping what it has not read (the default; Workerman's with a zero timeout). */
    CLOSE,
    /** Keep the client, read the senders again, and drop each new message while its buffer is full (Workerman's
     *  {@code onBufferFull} without a close). */
    DROP,
    /** Never give up: the senders stay paused as long as the client is over the limit (no time bound). */
    BLOCK
}
