/**
 * The Java GatewayClient: push to and query a GatewayWorker cluster with the API of PHP's
 * {@code GatewayClient\Gateway}.
 *
 * <ul>
 *   <li>{@link io.gwkit.client.GatewayClient} – build once with {@code GatewayClient.builder()}, share,
 *       close on shutdown; blocking methods.</li>
 *   <li>{@link io.gwkit.client.AsyncGatewayClient} – {@code client.async()}: the same methods returning
 *       {@code CompletableFuture}s; {@code AsyncGatewayClient.over(transport)} runs the API over a custom
 *       {@link io.gwkit.client.GatewayTransport}.</li>
 *   <li>{@link io.gwkit.client.PhpMethod} – one constant per PHP method (name, parameters, defaults, and the
 *       operation's description, written once); {@code invoke(PhpMethod, phpArgs)} on both runs any of
 *       them with PHP values in and exactly PHP's return value out (used by {@code gw call}, the HTTP
 *       bridge and the conformance runner).</li>
 *   <li>{@link io.gwkit.client.CallListener} – hears of every completed call (method, duration, failure),
 *       e.g. for metrics; set on the builder.</li>
 *   <li>Failures: {@link io.gwkit.client.GatewayClientException} subtypes, each naming the operation and
 *       the address, and {@link io.gwkit.protocol.InvalidClientIdException}.</li>
 * </ul>
 */
package io.gwkit.client;
