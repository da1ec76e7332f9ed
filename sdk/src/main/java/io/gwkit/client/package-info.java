/**
 * The Java GatewayClient: push to and query a GatewayWorker cluster with the API of PHP's
 * {@code GatewayClient\Gateway}.
 *
 * <ul>
 *   <li>{@link io.gwkit.client.GatewayClient} – build once with {@code GatewayClient.builder()}, share,
 *       close on shutdown; blocking methods.</li>
 *   <li>{@link io.gwkit.client.AsyncGatewayClient} – {@code client.async()}: the same methods returning
 *       {@code CompletableFuture}s; {@code AsyncGatewayClient.over(transport)} runs the API over a custom
 *       {@link io.gwkit.client.internal.GatewayTransport}.</li>
 *   <li>{@code invoke(phpMethod, phpArgs)} on both – PHP method names and PHP values in, exactly PHP's
 *       return value out (used by {@code gw call}, HTTP APIs and the conformance runner).</li>
 *   <li>Failures: {@link io.gwkit.client.GatewayClientException} subtypes, each naming the operation and
 *       the address, and {@link io.gwkit.protocol.InvalidClientIdException}.</li>
 * </ul>
 */
package io.gwkit.client;
