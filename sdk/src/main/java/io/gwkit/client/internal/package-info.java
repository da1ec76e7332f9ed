/**
 * Internals of the SDK: the PHP-shaped implementation of every operation ({@code PhpGatewayApi}, one
 * async code path, routing and merging as PHP does), the pooled Netty transport
 * ({@code NettyGatewayTransport}, {@code ConnectionPool}, {@code GatewayConnection}), register discovery,
 * and behind {@code GatewayClient}: its builder's settings ({@code ClientSettings}) and its blocking wait
 * ({@code BlockingCall}). {@link io.gwkit.client.GatewayTransport} is public so other transports (the
 * BusinessWorker's) can reuse the API; the rest may change without notice.
 */
package io.gwkit.client.internal;
