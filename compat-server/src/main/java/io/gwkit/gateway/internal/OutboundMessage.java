package io.gwkit.gateway.internal;

/**
 * A message for one end client. The listener's encoder frames it for its protocol unless {@code raw}
 * (GatewayWorker's flag 0x02: the sender already framed it); {@code binary} makes a websocket message a binary
 * frame.
 */
public record OutboundMessage(byte[] payload, boolean raw, boolean binary) {
}
